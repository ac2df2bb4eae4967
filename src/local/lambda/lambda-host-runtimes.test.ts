// Runtimes beyond Node.js: Python (this machine's Python 3 running lambda-python-bootstrap.py) and a
// custom runtime (a shell `bootstrap` speaking the Runtime API with curl, as AWS's tutorial writes
// it), layers, and runtimes the machine cannot run. Both runtimes are real processes talking to a
// real Runtime API server.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  FIXTURES_DIR,
  fixtureSpec,
  logCollector,
  testBindings,
} from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost } from "./lambda-host.js";
import { LambdaRuntimes } from "./lambda-runtimes.js";
import type { FunctionSpec, InvokeResult } from "./types.js";

const PYTHON_DIR = join(FIXTURES_DIR, "python");
const SHELL_DIR = join(FIXTURES_DIR, "shell-runtime");
const LAYER_DIR = join(FIXTURES_DIR, "python-layer");

const hosts: LambdaHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

function start(log: (line: string) => void = () => {}, runtimes?: LambdaRuntimes): LambdaHost {
  const host = new LambdaHost(testBindings(), { log, ...(runtimes === undefined ? {} : { runtimes }) });
  hosts.push(host);
  return host;
}

const python = (name: string, handler: string, overrides: Partial<FunctionSpec> = {}) =>
  fixtureSpec(name, { runtime: "python3.12", codeDir: PYTHON_DIR, handler, ...overrides });

function errorOf(result: InvokeResult<string>) {
  expect(result.kind, JSON.stringify(result)).toBe("error");
  if (result.kind !== "error") throw new Error("not an error");
  return { ...result, document: JSON.parse(result.payload ?? "{}") as Record<string, unknown> };
}

describe("Python functions (Runtime API)", () => {
  it("passes the event and a context with Lambda's attributes; logs with the request id; stays warm", async () => {
    const { lines, log } = logCollector();
    const host = start(log);
    const spec = python("py-echo", "handler.echo", { memoryMb: 256 });
    expect(host.register(spec)).toMatchObject({
      runtime: "python3.12",
      status: expect.stringMatching(/ok|note/),
    });
    const clientContext = JSON.stringify({ custom: { tenant: "blue" } });
    const first = await host.invokeJson(spec.arn, '{"order":1}', { requestId: "req-py-1", clientContext });
    expect(first.kind, JSON.stringify(first)).toBe("success");
    const payload = JSON.parse(first.kind === "success" ? first.payload : "{}");
    expect(payload).toMatchObject({
      event: { order: 1 },
      invocations: 1,
      context: {
        aws_request_id: "req-py-1",
        function_name: "py-echo",
        function_version: "$LATEST",
        invoked_function_arn: spec.arn,
        memory_limit_in_mb: "256",
        log_group_name: "/aws/lambda/py-echo",
        remaining_ms_positive: true,
        client_context_custom: { tenant: "blue" },
      },
      env: {
        AWS_EXECUTION_ENV: "AWS_Lambda_python3.12",
        AWS_LAMBDA_FUNCTION_NAME: "py-echo",
        _HANDLER: "handler.echo",
        LAMBDA_TASK_ROOT: PYTHON_DIR,
      },
      cwd: PYTHON_DIR,
    });
    expect(payload.env._X_AMZN_TRACE_ID).toMatch(/^Root=1-/);
    const second = await host.invokeJson(spec.arn, "{}", { requestId: "req-py-2" });
    expect(second.kind === "success" && JSON.parse(second.payload).invocations).toBe(2);
    const own = lines.filter((line) => line.startsWith("[py-echo] "));
    const start1 = own.indexOf("[py-echo] START RequestId: req-py-1 Version: $LATEST");
    expect(own.slice(start1, start1 + 3)).toEqual([
      "[py-echo] START RequestId: req-py-1 Version: $LATEST",
      "[py-echo] hello from print",
      expect.stringMatching(
        /^\[py-echo\] \[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-py-1\thello from logging$/,
      ),
    ]);
    expect(own).toContainEqual(
      expect.stringMatching(/^\[py-echo\] REPORT RequestId: req-py-1\t.*Init Duration/),
    );
    expect(own).toContainEqual(expect.stringMatching(/^\[py-echo\] REPORT RequestId: req-py-2\t/));
  });

  it("returns a handler's exception as Lambda's error document, without the bootstrap's frames", async () => {
    const host = start();
    const spec = python("py-fails", "handler.fails");
    host.register(spec);
    const failed = errorOf(await host.invokeJson(spec.arn, '{"day":"monday"}', { requestId: "req-f" }));
    expect(failed).toMatchObject({ errorType: "OrderRejected", errorMessage: "no pizza on monday" });
    expect(failed.document).toMatchObject({
      errorType: "OrderRejected",
      errorMessage: "no pizza on monday",
      requestId: "req-f",
      stackTrace: [expect.stringContaining('handler.py", line')],
    });
    expect(String(failed.document.stackTrace)).not.toContain("lambda-python-bootstrap");
  });

  it("reports an import failure as Runtime.ImportModuleError and a missing handler as Runtime.HandlerNotFound", async () => {
    const host = start();
    const broken = python("py-import", "broken_import.handler");
    const missing = python("py-missing", "handler.nowhere");
    host.register(broken);
    host.register(missing);
    expect(errorOf(await host.invokeJson(broken.arn, "{}"))).toMatchObject({
      errorType: "Runtime.ImportModuleError",
      errorMessage: "Unable to import module 'broken_import': No module named 'module_that_does_not_exist'",
    });
    expect(errorOf(await host.invokeJson(missing.arn, "{}"))).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "Handler 'nowhere' missing on module 'handler'",
    });
  });

  it("fails results JSON cannot carry (Runtime.MarshalError) and responses over 6 MB (Function.ResponseSizeTooLarge)", async () => {
    const host = start();
    const notJson = python("py-not-json", "handler.not_json");
    const big = python("py-big", "handler.big");
    host.register(notJson);
    host.register(big);
    expect(errorOf(await host.invokeJson(notJson.arn, "{}"))).toMatchObject({
      errorType: "Runtime.MarshalError",
      errorMessage: expect.stringContaining(
        "Unable to marshal response: Object of type object is not JSON serializable",
      ),
    });
    expect(errorOf(await host.invokeJson(big.arn, "{}"))).toMatchObject({
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
    });
  });

  it("times out a slow invocation and ends a process that exits as Runtime.ExitError", async () => {
    const { lines, log } = logCollector();
    const host = start(log);
    const slow = python("py-slow", "handler.sleeps", { timeoutSeconds: 1 });
    const exits = python("py-exits", "handler.exits");
    host.register(slow);
    host.register(exits);
    expect(await host.invokeJson(slow.arn, '{"seconds":30}')).toMatchObject({ kind: "timeout" });
    expect(lines).toContainEqual(expect.stringMatching(/Task timed out after 1\.00 seconds/));
    expect(errorOf(await host.invokeJson(exits.arn, "{}", { requestId: "req-exit" }))).toMatchObject({
      errorType: "Runtime.ExitError",
      errorMessage: "RequestId: req-exit Error: Runtime exited with error: exit status 3",
    });
  });

  it("finds a layer's python/ directory as Lambda places it under /opt", async () => {
    const host = start();
    const spec = python("py-layered", "handler.layered", { layers: [LAYER_DIR] });
    host.register(spec);
    const result = await host.invokeJson(spec.arn, '{"name":"ana"}');
    expect(result.kind === "success" && JSON.parse(result.payload)).toEqual({
      greeting: "hello, ana, from a layer",
      path: join(LAYER_DIR, "python", "greeting.py"),
    });
  });

  it("gives boto3 (Lambda provides it) clients that reach the local endpoint, whatever botocore's age", async () => {
    const host = start();
    const spec = python("py-boto3", "handler.endpoint");
    host.register(spec);
    const result = await host.invokeJson(spec.arn, "{}");
    expect(result.kind === "success" && JSON.parse(result.payload)).toEqual({
      endpoint: testBindings().awsEndpointUrl,
      region: "eu-central-1",
    });
  });

  it("reports a machine without Python at start-up and answers invocations as a broken runtime", async () => {
    const host = start(() => {}, new LambdaRuntimes({ pythonCandidates: () => ["/nonexistent/python3"] }));
    const spec = python("py-absent", "handler.echo");
    expect(host.register(spec)).toEqual({
      runtime: "python3.12",
      status: "unavailable",
      text: "no Python 3 on this machine: install Python 3.12 (Debian: apt-get install python3 python3-boto3)",
    });
    expect(errorOf(await host.invokeJson(spec.arn, "{}"))).toMatchObject({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: expect.stringContaining("install Python 3.12"),
    });
  });
});

describe("custom runtimes (provided.al2023)", () => {
  const shell = (name: string, overrides: Partial<FunctionSpec> = {}) =>
    fixtureSpec(name, {
      runtime: "provided.al2023",
      codeDir: SHELL_DIR,
      handler: "function.handler",
      ...overrides,
    });

  it("runs the asset's bootstrap, which serves invocations through the Runtime API", async () => {
    const { lines, log } = logCollector();
    const host = start(log);
    const spec = shell("shell-echo");
    host.register(spec);
    const first = await host.invokeJson(spec.arn, '{"n":1}', { requestId: "req-sh-1" });
    expect(first.kind === "success" && JSON.parse(first.payload)).toEqual({
      echo: { n: 1 },
      runtime: "shell",
      function: "shell-echo",
    });
    const failed = errorOf(await host.invokeJson(spec.arn, '"please fail"'));
    expect(failed).toMatchObject({ errorType: "Handler.Failed", errorMessage: "the handler failed" });
    const again = await host.invokeJson(spec.arn, "2");
    expect(again.kind === "success" && JSON.parse(again.payload).echo).toBe(2);
    expect(lines).toContain('[shell-echo] event received: {"n":1}');
  });

  it("answers Runtime.InvalidEntrypoint when the asset has no bootstrap", async () => {
    const host = start();
    const spec = shell("shell-none", { codeDir: PYTHON_DIR });
    host.register(spec);
    expect(errorOf(await host.invokeJson(spec.arn, "{}"))).toMatchObject({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: `Error: Couldn't find valid bootstrap(s): [${join(PYTHON_DIR, "bootstrap")}]`,
    });
  });
});

describe("runtimes this machine cannot run", () => {
  it("registers java21 all the same, says what would run it, and answers Runtime.InvalidEntrypoint", async () => {
    const host = start();
    const spec = fixtureSpec("java-fn", { runtime: "java21", handler: "example.Handler::handleRequest" });
    expect(host.register(spec)).toMatchObject({
      status: "unavailable",
      text: expect.stringContaining("Java functions need Lambda's Java runtime interface client"),
    });
    expect(errorOf(await host.invokeJson(spec.arn, "{}"))).toMatchObject({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: expect.stringContaining("java21 cannot run on this machine"),
    });
  });
});
