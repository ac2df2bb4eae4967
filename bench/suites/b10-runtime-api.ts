// B10: the Lambda Runtime API path. A Python function (lambda-python-bootstrap.py) and a custom runtime
// answer warm invocations through the Lambda host — event to the process over the Runtime API, result
// back — against two floors: the same Python handler called directly in a loop (what the function
// itself costs), and the Node.js worker path of the same echo. Sequential invocations (one warm
// environment), then 4 at a time (four environments), each for a fixed time after a warm-up.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LambdaHost } from "../../src/local/lambda/lambda-host.js";
import { LambdaRuntimes } from "../../src/local/lambda/lambda-runtimes.js";
import type { FunctionSpec } from "../../src/local/lambda/types.js";
import type { BenchContext } from "./context.js";

export interface InvokePoint {
  readonly concurrency: number;
  readonly invocationsPerSecond: number;
  /** Median and 99th percentile of one invocation, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface RuntimeApiBenchResult {
  readonly python: string;
  readonly pythonPoints: readonly InvokePoint[];
  readonly shellPoints: readonly InvokePoint[];
  readonly nodePoints: readonly InvokePoint[];
  /** The Python handler called directly, µs per call (the floor). */
  readonly pythonDirectMicros: number;
}

const HANDLER_PY = `def handler(event, context):
    return {"echo": event, "id": context.aws_request_id}
`;
const HANDLER_JS = `exports.handler = async (event, context) => ({ echo: event, id: context.awsRequestId });`;
const SHELL_BOOTSTRAP = `#!/bin/sh
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
while true; do
  H=$(mktemp)
  EVENT=$(curl -sS -D "$H" "$API/invocation/next")
  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$H" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$H"
  curl -sS -o /dev/null "$API/invocation/$ID/response" -d "{\\"echo\\":$EVENT}"
done
`;

function spec(name: string, codeDir: string, runtime: string, handler: string): FunctionSpec {
  return {
    arn: `arn:aws:lambda:eu-central-1:111111111111:function:${name}`,
    name,
    account: "111111111111",
    region: "eu-central-1",
    codeDir,
    handler,
    runtime,
    environment: {},
    timeoutSeconds: 30,
    memoryMb: 256,
    roleArn: "arn:aws:iam::111111111111:role/bench",
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(host: LambdaHost, arn: string, concurrency: number, seconds: number, warmup: number) {
  const payload = '{"order":42,"items":["pizza","tea"]}';
  const run = async (until: number, latencies: number[] | undefined) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          const result = await host.invokeJson(arn, payload);
          if (result.kind !== "success") throw new Error(`B10: ${arn} answered ${JSON.stringify(result)}`);
          latencies?.push(performance.now() - started);
        }
      }),
    );
  };
  await run(performance.now() + warmup * 1000, undefined);
  const latencies: number[] = [];
  const started = performance.now();
  await run(started + seconds * 1000, latencies);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    concurrency,
    invocationsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

/** The floor: the handler called directly by the interpreter the host chose, µs per call. */
function directPythonMicros(executable: string, dir: string): number {
  const script = [
    "import sys, time",
    `sys.path.insert(0, ${JSON.stringify(dir)})`,
    "import index",
    "class C: aws_request_id = 'x'",
    "event = {'order': 42, 'items': ['pizza', 'tea']}",
    "n = 200000",
    "t = time.perf_counter()",
    "for _ in range(n): index.handler(event, C)",
    "print((time.perf_counter() - t) / n * 1e6)",
  ].join("\n");
  const result = spawnSync(executable, ["-c", script], { encoding: "utf8" });
  return Math.round(Number(result.stdout.trim()) * 100) / 100;
}

export async function runRuntimeApiBench(context: BenchContext): Promise<RuntimeApiBenchResult> {
  const dir = join(context.workDir, "b10");
  for (const sub of ["python", "node", "shell"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "python", "index.py"), HANDLER_PY);
  writeFileSync(join(dir, "node", "index.js"), HANDLER_JS);
  writeFileSync(join(dir, "shell", "bootstrap"), SHELL_BOOTSTRAP, { mode: 0o755 });
  const runtimes = new LambdaRuntimes();
  const host = new LambdaHost(
    {
      credentialsFor: () => ({ accessKeyId: "ASIABENCH", secretAccessKey: "x", sessionToken: "y" }),
      awsEndpointUrl: "http://127.0.0.1:9",
      proxyUrlFor: () => undefined,
    },
    { log: () => {}, maxConcurrencyPerFunction: 4, runtimes },
  );
  const functions = {
    python: spec("b10-python", join(dir, "python"), "python3.12", "index.handler"),
    node: spec("b10-node", join(dir, "node"), "nodejs22.x", "index.handler"),
    shell: spec("b10-shell", join(dir, "shell"), "provided.al2023", "function.handler"),
  };
  for (const fn of Object.values(functions)) host.register(fn);
  const { seconds, warmupSeconds } = context.plan;
  const points = async (name: keyof typeof functions) => {
    const result: InvokePoint[] = [];
    for (const concurrency of [1, 4]) {
      context.log(
        `B10: ${name} over ${name === "node" ? "a worker thread" : "the Runtime API"}, ${concurrency} at a time ...`,
      );
      result.push(await measure(host, functions[name].arn, concurrency, seconds, warmupSeconds));
    }
    return result;
  };
  try {
    const support = runtimes.support("python3.12");
    const executable = /\((\/[^;)]+)/.exec(support.text)?.[1] ?? "python3";
    return {
      python: support.text,
      pythonPoints: await points("python"),
      shellPoints: await points("shell"),
      nodePoints: await points("node"),
      pythonDirectMicros: directPythonMicros(executable, join(dir, "python")),
    };
  } finally {
    await host.stop();
  }
}
