// B12: the VPC Lattice path of the directory system — the blue client function calls the directory
// service by its Lattice DNS name (out through the blue VPC's entry point, the Lattice front door with
// its auth policy, the internal ALB, the directory function) — against a floor measured in the same
// run: the directory function invoked directly with an ALB event (the same Lambda API, no network
// hop). Both through the SDK's InvokeCommand on the local endpoint, one at a time and 4 at a time,
// for a fixed time after a warm-up. The runtime runs in the bench's process.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { startRuntime } from "../../src/local/runtime.js";
import type { BenchContext } from "./context.js";

export interface LatticePoint {
  readonly concurrency: number;
  readonly invocationsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LatticeBenchResult {
  /** Client function → Lattice → ALB → directory function. */
  readonly pathPoints: readonly LatticePoint[];
  /** The directory function alone, invoked with an ALB event. */
  readonly floorPoints: readonly LatticePoint[];
}

const BLUE = "131313131313";
const SHARED = "121212121212";
const ALB_EVENT = JSON.stringify({
  requestContext: {
    elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:121212121212:targetgroup/bench/0" },
  },
  httpMethod: "GET",
  path: "/",
  queryStringParameters: { q: "blue" },
  headers: { host: "bench" },
  body: "",
  isBase64Encoded: false,
});

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(
  call: () => Promise<void>,
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LatticePoint> {
  const run = async (until: number, latencies?: number[]) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          await call();
          latencies?.push(performance.now() - started);
        }
      }),
    );
  };
  await run(performance.now() + warmupSeconds * 1000);
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

function client(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): LambdaClient {
  return new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

export async function runLatticeBench(context: BenchContext): Promise<LatticeBenchResult> {
  context.log("B12: client function → VPC Lattice → ALB → function, against the function alone ...");
  const system = await startRuntime({
    assemblyDir: context.assemblyDir,
    dataDir: join(context.workDir, "b12-data"),
    inMemory: true,
    portBase: 0,
    log: () => {},
    functionLog: () => {},
  });
  try {
    const { endpoints } = system;
    const blueAdmin = endpoints.accounts[BLUE];
    const sharedAdmin = endpoints.accounts[SHARED];
    if (blueAdmin === undefined || sharedAdmin === undefined)
      throw new Error("B12: the directory system is not in the assembly");
    const blue = client(endpoints.aws, blueAdmin);
    const shared = client(endpoints.aws, sharedAdmin);
    const path = async () => {
      const out = await blue.send(new InvokeCommand({ FunctionName: "directory-blue-client" }));
      const answer = JSON.parse(Buffer.from(out.Payload ?? []).toString()) as { status?: number };
      if (out.FunctionError !== undefined || answer.status !== 200) {
        throw new Error(`B12: the blue client answered ${Buffer.from(out.Payload ?? []).toString()}`);
      }
    };
    const floor = async () => {
      const out = await shared.send(
        new InvokeCommand({ FunctionName: "directory-service", Payload: ALB_EVENT }),
      );
      if (out.FunctionError !== undefined)
        throw new Error(`B12: the directory function failed: ${Buffer.from(out.Payload ?? []).toString()}`);
    };
    const { seconds, warmupSeconds } = context.plan;
    const pathPoints: LatticePoint[] = [];
    const floorPoints: LatticePoint[] = [];
    for (const concurrency of [1, 4]) {
      floorPoints.push(await measure(floor, concurrency, seconds, warmupSeconds));
      pathPoints.push(await measure(path, concurrency, seconds, warmupSeconds));
      context.log(
        `B12 @${concurrency}: path p50 ${pathPoints.at(-1)?.p50Ms} ms, floor p50 ${floorPoints.at(-1)?.p50Ms} ms`,
      );
    }
    return { pathPoints, floorPoints };
  } finally {
    await system.stop();
  }
}
