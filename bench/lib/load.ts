// Load through autocannon (programmatic): a warm-up, then the measured run. Requests per second
// count 2xx answers only; anything else is reported beside them.
import autocannon from "autocannon";
import { cpuTimeOf } from "./processes.js";

export interface LoadTarget {
  /** https://127.0.0.1:<port>/path or http://... */
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** TLS server name (SNI); the Host header is sent as given in headers. */
  readonly servername?: string;
}

export interface LoadResult {
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Socket errors, timeouts and non-2xx answers. */
  readonly failed: number;
}

export interface LoadPlan {
  readonly connections: number;
  /** Measured duration; or `amount` requests instead. */
  readonly seconds?: number;
  readonly amount?: number;
  readonly warmupSeconds?: number;
}

export async function runLoad(target: LoadTarget, plan: LoadPlan): Promise<LoadResult> {
  const options = {
    url: target.url,
    method: target.method ?? "GET",
    headers: { ...target.headers },
    connections: plan.connections,
    timeout: 30,
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.servername === undefined ? {} : { servername: target.servername }),
  };
  if ((plan.warmupSeconds ?? 0) > 0) {
    await autocannon({ ...options, duration: plan.warmupSeconds });
  }
  const result = await autocannon(
    plan.amount === undefined
      ? { ...options, duration: plan.seconds ?? 5 }
      : { ...options, amount: plan.amount },
  );
  const ok = result["2xx"];
  return {
    connections: plan.connections,
    seconds: round(result.duration, 2),
    requests: ok,
    rps: round(ok / result.duration, 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** CPU microseconds per answered request of each watched process (main thread / other threads). */
export type CpuPerRequest = Record<string, number>;

/**
 * `runLoad`, with the CPU each watched process spent during the measured part (not the warm-up),
 * per 2xx request: `<label>` for the whole process, `<label>.main` and `<label>.threads` split.
 */
export async function runLoadWithCpu(
  target: LoadTarget,
  plan: LoadPlan,
  watched: Readonly<Record<string, number>>,
): Promise<{ result: LoadResult; cpu: CpuPerRequest }> {
  if ((plan.warmupSeconds ?? 0) > 0) {
    await runLoad(target, { connections: plan.connections, seconds: plan.warmupSeconds });
  }
  const before = Object.entries(watched).map(([label, pid]) => [label, pid, cpuTimeOf(pid)] as const);
  const result = await runLoad(target, { ...plan, warmupSeconds: 0 });
  const cpu: CpuPerRequest = {};
  const perRequest = (ms: number) => (result.requests === 0 ? 0 : Math.round((ms * 1000) / result.requests));
  for (const [label, pid, start] of before) {
    const end = cpuTimeOf(pid);
    const main = end.mainMs - start.mainMs;
    const threads = end.otherThreadsMs - start.otherThreadsMs;
    cpu[label] = perRequest(main + threads);
    cpu[`${label}.main`] = perRequest(main);
    cpu[`${label}.threads`] = perRequest(threads);
  }
  return { result, cpu };
}
