// `npm run bench -- --profile`: B1's and B2's runtime at the highest connection count, started under
// `node --cpu-prof` (main thread: front doors, API Gateway, local AWS endpoint), with the function
// worker threads profiled through the inspector (--cpu-prof does not reach them), then summarized:
// self time during the measured load only. Profiles go to bench/results/profiles/ (*.cpuprofile is
// git-ignored); the summaries to a JSON file beside them.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeEchoAssembly } from "../fixtures/echo-assembly.js";
import {
  type CpuProfile,
  formatSummary,
  type ProfileSummary,
  summarizeProfiles,
} from "../lib/cpu-profile.js";
import { callTarget, expectOk } from "../lib/http.js";
import { type LoadResult, type LoadTarget, runLoad } from "../lib/load.js";
import { ORDER_BODY, ORDERS_HOST, ORDERS_PATH } from "../lib/orders-system.js";
import { PROJECT_ROOT } from "../lib/processes.js";
import { listenerUrl, startRuntimeTarget } from "../lib/runtime-target.js";
import { echoTargets } from "./b2-gateway.js";
import type { BenchContext } from "./context.js";

export const PROFILE_DIR = join(PROJECT_ROOT, "bench", "results", "profiles");

export interface ProfileRun {
  readonly name: string;
  readonly load: LoadResult;
  readonly mainThread: ProfileSummary;
  readonly workers: ProfileSummary;
  readonly files: readonly string[];
}

export async function runProfiles(context: BenchContext, stamp: string): Promise<ProfileRun[]> {
  const echo = writeEchoAssembly(join(context.workDir, "profile-echo-assembly"));
  const orders = (listener: string): LoadTarget => ({
    url: `${listener}${ORDERS_PATH}`,
    method: "POST",
    headers: { "content-type": "application/json", host: ORDERS_HOST },
    body: ORDER_BODY,
    servername: ORDERS_HOST,
  });
  return [
    await profileOne(context, `${stamp}-b1-orders`, context.assemblyDir, orders),
    await profileOne(context, `${stamp}-b2-gateway`, echo, echoTargets),
  ];
}

async function profileOne(
  context: BenchContext,
  name: string,
  assemblyDir: string,
  targetOf: (listener: string) => LoadTarget,
): Promise<ProfileRun> {
  const { log, plan } = context;
  // Every thread of the process writes its own --cpu-prof profile (tsx's loader-hooks thread too):
  // node names them CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile; the main thread is thread 0.
  const mainDir = join(context.workDir, `${name}-main`);
  const workerDir = join(context.workDir, `${name}-workers`);
  mkdirSync(mainDir, { recursive: true });
  mkdirSync(workerDir, { recursive: true });
  log(`profile ${name}: starting the runtime under --cpu-prof ...`);
  const runtime = await startRuntimeTarget(assemblyDir, join(context.workDir, `${name}-data`), {
    nodeFlags: ["--cpu-prof", "--cpu-prof-dir", mainDir],
    // The orders benches run the orders stacks of cdk.out (which holds every reference system).
    stacks: assemblyDir === context.assemblyDir ? "Orders*" : "*",
    env: { BENCH_WORKER_PROFILE_DIR: workerDir },
  });
  let load: LoadResult;
  let window: { startUs: number; endUs: number };
  try {
    const target = targetOf(listenerUrl(runtime.info));
    await expectOk(`${name}: the runtime`, callTarget(target));
    const connections = Math.max(...plan.connections);
    await runLoad(target, { connections, seconds: plan.warmupSeconds });
    const startUs = Number(process.hrtime.bigint() / 1000n);
    log(`profile ${name}: ${connections} connections for ${plan.seconds} s ...`);
    load = await runLoad(target, { connections, seconds: plan.seconds });
    window = { startUs, endUs: Number(process.hrtime.bigint() / 1000n) };
  } finally {
    await runtime.stop();
  }
  const main = readdirSync(mainDir).find((f) => f.includes(`.${runtime.pid}.0.`));
  if (main === undefined) throw new Error(`profile ${name}: the main thread's profile was not written`);
  const files = [`${name}-main.cpuprofile`];
  renameSync(join(mainDir, main), join(PROFILE_DIR, files[0] as string));
  const workerFiles = readdirSync(workerDir).sort();
  for (const [i, file] of workerFiles.entries()) {
    files.push(`${name}-worker-${i}.cpuprofile`);
    renameSync(join(workerDir, file), join(PROFILE_DIR, `${name}-worker-${i}.cpuprofile`));
  }
  rmSync(mainDir, { recursive: true, force: true });
  rmSync(workerDir, { recursive: true, force: true });
  const read = (file: string) => JSON.parse(readFileSync(join(PROFILE_DIR, file), "utf8")) as CpuProfile;
  const mainThread = summarizeProfiles([read(files[0] as string)], window);
  const workers = summarizeProfiles(files.slice(1).map(read), window);
  log(formatSummary(`profile ${name}, main thread (${load.rps} req/s)`, mainThread));
  log(formatSummary(`profile ${name}, ${files.length - 1} function workers`, workers));
  return {
    name,
    load,
    mainThread,
    workers,
    files: files.map((f) => join("bench", "results", "profiles", f)),
  };
}
