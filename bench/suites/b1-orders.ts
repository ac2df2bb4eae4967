// B1 (orders path vs its floor), B5 (runtime memory) and B6 (the peer, both functions): they share
// one running orders system, because the floor and the peer write to the runtime's own DynamoDB
// engine (each under its own access key). Runtime and floor are loaded alternately per connection
// count, so a noisy neighbour hits both figures of a pair alike.
import { join } from "node:path";
import { callTarget as call, expectOk, freePort, sleep } from "../lib/http.js";
import {
  type CpuPerRequest,
  type LoadPlan,
  type LoadResult,
  type LoadTarget,
  runLoad,
  runLoadWithCpu,
} from "../lib/load.js";
import {
  createTables,
  ORDER_BODY,
  ORDERS_HOST,
  ORDERS_PATH,
  readOrdersFunction,
} from "../lib/orders-system.js";
import { startPeer } from "../lib/peer.js";
import { memoryOf, PROJECT_ROOT, sampleMemory, spawnTarget, type Target } from "../lib/processes.js";
import { listenerUrl, startRuntimeTarget } from "../lib/runtime-target.js";
import type { BenchContext } from "./context.js";

export interface OrdersPoint {
  readonly runtime: LoadResult;
  readonly floor: LoadResult;
  /** CPU µs per request: runtime (main thread / other threads), engine, load generator. */
  readonly runtimeCpu: CpuPerRequest;
  /** CPU µs per request: floor process, engine, load generator. */
  readonly floorCpu: CpuPerRequest;
}

export interface MemoryFigures {
  /** Runtime process (main thread + function worker threads), orders system provisioned, one order served. */
  readonly runtimeIdleMb: number;
  /** Highest runtime RSS sampled while B1 loaded it (all connection counts). */
  readonly runtimeUnderLoadMb: number;
  readonly runtimePeakMb: number;
  readonly engineIdleMb: number;
  readonly engineUnderLoadMb: number;
}

export interface PeerFigures {
  /** serverless-offline serving the no-storage function (B2's path). */
  readonly echo: LoadResult;
  /** serverless-offline serving the orders bundle against the same engine (B1's path). */
  readonly orders: LoadResult;
  readonly peerPeakMb: number;
}

export interface OrdersBenchResult {
  readonly runtimeStartMs: number;
  readonly points: readonly OrdersPoint[];
  readonly memory: MemoryFigures;
  readonly peer: PeerFigures | { readonly skipped: string };
}

const POST_HEADERS = { "content-type": "application/json" };

export async function runOrdersBench(context: BenchContext): Promise<OrdersBenchResult> {
  const { log, plan } = context;
  const orders = readOrdersFunction(context.assemblyDir);
  log("B1: starting the runtime with the orders system ...");
  const runtime = await startRuntimeTarget(context.assemblyDir, join(context.workDir, "b1-data"), {
    stacks: "Orders*",
  });
  const targets: Array<Target<unknown>> = [runtime];
  try {
    const engine = runtime.info.engine;
    if (engine === undefined) throw new Error("B1: could not find the runtime's DynamoDB Local process");
    const runtimeTarget: LoadTarget = {
      url: `${listenerUrl(runtime.info)}${ORDERS_PATH}`,
      method: "POST",
      headers: { ...POST_HEADERS, host: ORDERS_HOST },
      body: ORDER_BODY,
      servername: ORDERS_HOST,
    };
    await expectOk("the runtime (POST /v1/orders)", call(runtimeTarget));
    await sleep(1000);
    const idle = memoryOf(runtime.pid);
    const engineIdle = memoryOf(engine.pid);

    log("B1: starting the floor (the same bundle in-process behind node:https, same engine) ...");
    const floor = await spawnTarget<{ url: string }>(
      join(PROJECT_ROOT, "bench", "targets", "floor-server.ts"),
      {
        args: [context.assemblyDir, engine.endpoint, "BENCHFLOOR"],
      },
    );
    targets.push(floor);
    const floorTarget: LoadTarget = {
      url: `${floor.info.url}${ORDERS_PATH}`,
      method: "POST",
      headers: POST_HEADERS,
      body: ORDER_BODY,
    };
    await expectOk("the floor (POST /v1/orders)", call(floorTarget));

    const runtimeSampler = sampleMemory(runtime.pid);
    const engineSampler = sampleMemory(engine.pid);
    // Both Node processes and the engine's JVM compile their hot paths in the first seconds: warm
    // them all at the highest load before any point is measured, so no side pays for it alone.
    const busiest = Math.max(...plan.connections);
    log(`B1: warming the runtime, the floor and the engine (${busiest} connections) ...`);
    await runLoad(runtimeTarget, { connections: busiest, seconds: plan.warmupSeconds * 2 });
    await runLoad(floorTarget, { connections: busiest, seconds: plan.warmupSeconds });
    const points: OrdersPoint[] = [];
    for (const connections of plan.connections) {
      const load: LoadPlan = { connections, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds };
      log(`B1: ${connections} connection(s): runtime ...`);
      const loadgen = process.pid;
      const viaRuntime = await runLoadWithCpu(runtimeTarget, load, {
        runtime: runtime.pid,
        engine: engine.pid,
        loadgen,
      });
      log(`B1: ${connections} connection(s): floor ...`);
      const direct = await runLoadWithCpu(floorTarget, load, {
        floor: floor.pid,
        engine: engine.pid,
        loadgen,
      });
      points.push({
        runtime: viaRuntime.result,
        floor: direct.result,
        runtimeCpu: viaRuntime.cpu,
        floorCpu: direct.cpu,
      });
    }
    const memory: MemoryFigures = {
      runtimeIdleMb: idle.rssMb,
      runtimeUnderLoadMb: runtimeSampler.stop(),
      runtimePeakMb: memoryOf(runtime.pid).peakMb,
      engineIdleMb: engineIdle.rssMb,
      engineUnderLoadMb: engineSampler.stop(),
    };
    await floor.stop();

    let peer: OrdersBenchResult["peer"];
    if (context.peerAvailable) {
      peer = await runPeer(context, orders, engine.endpoint);
    } else {
      peer = { skipped: "the peer could not be installed (npm ci --prefix bench/peer)" };
    }
    return { runtimeStartMs: runtime.info.startMs, points, memory, peer };
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}

async function runPeer(
  context: BenchContext,
  orders: ReturnType<typeof readOrdersFunction>,
  engine: string,
): Promise<PeerFigures> {
  const { log, plan } = context;
  await createTables(engine, "BENCHPEER", orders.tables);
  log("B6: starting serverless offline (serverless v3 + serverless-offline) ...");
  const peer = await startPeer(
    join(context.workDir, "peer-service"),
    orders,
    { endpoint: engine, accessKeyId: "BENCHPEER" },
    { http: await freePort(), lambda: await freePort() },
  );
  try {
    const echo: LoadTarget = {
      url: `${peer.info.url}${peer.info.echoPath}`,
      method: "POST",
      headers: POST_HEADERS,
      body: ORDER_BODY,
    };
    const placeOrder: LoadTarget = { ...echo, url: `${peer.info.url}${peer.info.ordersPath}` };
    await expectOk("the peer (echo)", call(echo));
    await expectOk("the peer (orders)", call(placeOrder));
    // serverless-offline starts one worker thread per concurrent request it cannot queue, each
    // loading the handler anew: it gets three times the warm-up to reach its steady state.
    const connections = Math.max(...plan.connections);
    const load: LoadPlan = { connections, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds * 3 };
    log(`B6: peer, no-storage function, ${connections} connections ...`);
    const echoResult = await runLoad(echo, load);
    log(`B6: peer, orders function, ${connections} connections ...`);
    const ordersResult = await runLoad(placeOrder, load);
    return { echo: echoResult, orders: ordersResult, peerPeakMb: memoryOf(peer.pid).peakMb };
  } finally {
    await peer.stop();
  }
}
