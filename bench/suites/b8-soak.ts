// B8, the soak: the orders system under a steady mixed load for minutes — valid orders for both
// services, listings (by page and by date), lookups of ids that do not exist, invalid bodies, random
// query keys and random paths (every request a different path and query, as a client population
// sends them) — at a fixed rate. RSS of the runtime process and of the engine (DynamoDB Local's JVM)
// is sampled every 10 s; after the warm-up, the median of the first minute is compared with the
// median of the last: growth must stay under 10 %.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import autocannon from "autocannon";
import { callTarget as call, expectOk } from "../lib/http.js";
import { ORDER_BODY, ORDERS_HOST, ORDERS_PATH } from "../lib/orders-system.js";
import { memoryOf } from "../lib/processes.js";
import { listenerUrl, startRuntimeTarget } from "../lib/runtime-target.js";
import type { BenchContext } from "./context.js";

export interface SoakPlan {
  readonly minutes: number;
  readonly warmupSeconds: number;
  /** Requests per second across all connections. */
  readonly rate: number;
  readonly connections: number;
}

export interface SoakSample {
  readonly atSeconds: number;
  readonly runtimeMb: number;
  readonly engineMb: number;
}

export interface SoakMemory {
  /** Median RSS over the first minute after the warm-up, MB. */
  readonly startMb: number;
  /** Median RSS over the last minute, MB. */
  readonly endMb: number;
  /** endMb / startMb − 1. */
  readonly growth: number;
}

export interface SoakResult {
  readonly plan: SoakPlan;
  readonly requests: number;
  readonly byClass: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly runtime: SoakMemory;
  readonly engine: SoakMemory;
  readonly samples: readonly SoakSample[];
}

const SAMPLE_EVERY_MS = 10_000;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const json = { "content-type": "application/json" };

/** The mix each connection cycles through (8 requests), randomized per send. */
function mixedRequests() {
  const food = { host: ORDERS_HOST };
  const beverage = { host: ORDERS_HOST.replace("food", "beverage") };
  const randomDate = () =>
    `20${10 + Math.floor(Math.random() * 20)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
  return [
    { method: "POST", path: ORDERS_PATH, headers: { ...food, ...json }, body: ORDER_BODY },
    { method: "GET", path: `${ORDERS_PATH}?limit=10`, headers: food },
    {
      method: "GET",
      headers: food,
      setupRequest: (r: object) => ({ ...r, path: `${ORDERS_PATH}/${hex(16)}` }),
    },
    {
      method: "GET",
      headers: food,
      setupRequest: (r: object) => ({ ...r, path: `${ORDERS_PATH}?orderDate=${randomDate()}&limit=5` }),
    },
    {
      method: "POST",
      path: ORDERS_PATH,
      headers: { ...food, ...json },
      setupRequest: (r: object) => ({ ...r, body: JSON.stringify({ fullName: hex(4), food: hex(3) }) }),
    },
    {
      method: "GET",
      headers: food,
      setupRequest: (r: object) => ({ ...r, path: `${ORDERS_PATH}?${hex(3)}=${hex(5)}&limit=3` }),
    },
    {
      method: "GET",
      headers: food,
      setupRequest: (r: object) => ({ ...r, path: `/v1/${hex(6)}/${hex(4)}` }),
    },
    {
      method: "POST",
      path: ORDERS_PATH,
      headers: { ...beverage, ...json },
      body: JSON.stringify({ fullName: "Soak", beverage: "tea" }),
    },
  ];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
};

function memoryTrend(
  samples: readonly SoakSample[],
  warmupSeconds: number,
  pick: (s: SoakSample) => number,
): SoakMemory {
  const measured = samples.filter((s) => s.atSeconds >= warmupSeconds);
  const first = measured.filter((s) => s.atSeconds < warmupSeconds + 60).map(pick);
  const lastAt = measured.at(-1)?.atSeconds ?? 0;
  const last = measured.filter((s) => s.atSeconds > lastAt - 60).map(pick);
  const startMb = median(first);
  const endMb = median(last);
  return {
    startMb,
    endMb,
    growth: startMb === 0 ? Number.NaN : Math.round((endMb / startMb - 1) * 1000) / 1000,
  };
}

export async function runSoakBench(context: BenchContext, plan: SoakPlan): Promise<SoakResult> {
  const { log } = context;
  log(`B8: soak, ${plan.minutes} min at ${plan.rate} req/s after ${plan.warmupSeconds} s of warm-up ...`);
  const runtime = await startRuntimeTarget(context.assemblyDir, join(context.workDir, "b8-data"), {
    stacks: "Orders*",
  });
  try {
    const engine = runtime.info.engine;
    if (engine === undefined) throw new Error("B8: could not find the runtime's DynamoDB Local process");
    const url = listenerUrl(runtime.info);
    await expectOk(
      "the runtime (POST /v1/orders)",
      call({
        url: `${url}${ORDERS_PATH}`,
        method: "POST",
        headers: { ...json, host: ORDERS_HOST },
        body: ORDER_BODY,
        servername: ORDERS_HOST,
      }),
    );
    const samples: SoakSample[] = [];
    const started = Date.now();
    const sample = () => {
      const atSeconds = Math.round((Date.now() - started) / 1000);
      samples.push({
        atSeconds,
        runtimeMb: memoryOf(runtime.pid).rssMb,
        engineMb: memoryOf(engine.pid).rssMb,
      });
      if (samples.length % 6 === 0)
        log(
          `B8: ${atSeconds} s, runtime ${samples.at(-1)?.runtimeMb} MB, engine ${samples.at(-1)?.engineMb} MB`,
        );
    };
    sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    let result: Awaited<ReturnType<typeof autocannon>>;
    try {
      result = await autocannon({
        url,
        servername: ORDERS_HOST,
        connections: plan.connections,
        overallRate: plan.rate,
        duration: plan.warmupSeconds + plan.minutes * 60,
        timeout: 30,
        requests: mixedRequests(),
      });
    } finally {
      clearInterval(timer);
    }
    sample();
    const runtimeTrend = memoryTrend(samples, plan.warmupSeconds, (s) => s.runtimeMb);
    const engineTrend = memoryTrend(samples, plan.warmupSeconds, (s) => s.engineMb);
    log(
      `B8: runtime ${runtimeTrend.startMb} → ${runtimeTrend.endMb} MB, engine ${engineTrend.startMb} → ${engineTrend.endMb} MB`,
    );
    return {
      plan,
      requests: result["2xx"] + result.non2xx,
      byClass: { "2xx": result["2xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
      errors: result.errors + result.timeouts,
      runtime: runtimeTrend,
      engine: engineTrend,
      samples,
    };
  } finally {
    await runtime.stop();
  }
}
