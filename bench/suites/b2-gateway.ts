// B2: the same front doors as B1 (ALB listener over TLS → execute-api VPC endpoint → private REST
// API with resource policy and request validation → function) to a function that touches no
// storage, against a bare node:https server answering the same bytes. Alternated per point.
import { join } from "node:path";
import { ECHO_HOST, ECHO_PATH, writeEchoAssembly } from "../fixtures/echo-assembly.js";
import { callTarget, expectOk } from "../lib/http.js";
import {
  type CpuPerRequest,
  type LoadPlan,
  type LoadResult,
  type LoadTarget,
  runLoadWithCpu,
} from "../lib/load.js";
import { ORDER_BODY } from "../lib/orders-system.js";
import { memoryOf, PROJECT_ROOT, spawnTarget, type Target } from "../lib/processes.js";
import { listenerUrl, startRuntimeTarget } from "../lib/runtime-target.js";
import type { BenchContext } from "./context.js";

export interface GatewayPoint {
  readonly runtime: LoadResult;
  readonly bare: LoadResult;
  /** CPU µs per request: runtime (main thread / other threads), load generator. */
  readonly runtimeCpu: CpuPerRequest;
  readonly bareCpu: CpuPerRequest;
}

export interface GatewayBenchResult {
  readonly points: readonly GatewayPoint[];
  readonly runtimePeakMb: number;
}

export function echoTargets(runtimeListener: string): LoadTarget {
  return {
    url: `${runtimeListener}${ECHO_PATH}`,
    method: "POST",
    headers: { "content-type": "application/json", host: ECHO_HOST },
    body: ORDER_BODY,
    servername: ECHO_HOST,
  };
}

export async function runGatewayBench(context: BenchContext): Promise<GatewayBenchResult> {
  const { log, plan } = context;
  const assembly = writeEchoAssembly(join(context.workDir, "echo-assembly"));
  log("B2: starting the runtime with the no-storage fixture assembly ...");
  const runtime = await startRuntimeTarget(assembly, join(context.workDir, "b2-data"));
  const targets: Array<Target<unknown>> = [runtime];
  try {
    const bare = await spawnTarget<{ url: string }>(
      join(PROJECT_ROOT, "bench", "targets", "static-server.ts"),
    );
    targets.push(bare);
    const runtimeTarget = echoTargets(listenerUrl(runtime.info));
    const bareTarget: LoadTarget = {
      url: `${bare.info.url}${ECHO_PATH}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: ORDER_BODY,
    };
    const [viaRuntime, direct] = await Promise.all([
      expectOk("the runtime (fixture)", callTarget(runtimeTarget)),
      expectOk("the bare server", callTarget(bareTarget)),
    ]);
    if (viaRuntime.body !== direct.body) {
      throw new Error(
        `B2: the runtime and the bare server answer different bytes:\n${viaRuntime.body}\n${direct.body}`,
      );
    }
    const points: GatewayPoint[] = [];
    for (const connections of plan.connections) {
      const load: LoadPlan = { connections, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds };
      log(`B2: ${connections} connection(s): runtime ...`);
      const loadgen = process.pid;
      const viaRuntime = await runLoadWithCpu(runtimeTarget, load, { runtime: runtime.pid, loadgen });
      log(`B2: ${connections} connection(s): bare node:https ...`);
      const direct = await runLoadWithCpu(bareTarget, load, { bare: bare.pid, loadgen });
      points.push({
        runtime: viaRuntime.result,
        bare: direct.result,
        runtimeCpu: viaRuntime.cpu,
        bareCpu: direct.cpu,
      });
    }
    return { points, runtimePeakMb: memoryOf(runtime.pid).peakMb };
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}
