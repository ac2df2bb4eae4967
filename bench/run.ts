// `npm run bench`: every figure of issue 4 beside its reference, on loopback, in under 10 minutes.
// Writes bench/results/<date>.json and prints the tables (docs/PERFORMANCE.md explains them).
//   npm run bench                      all of B1–B14 (B5 and B6 come with B1)
//   npm run bench -- --soak-minutes 10 B8's soak longer (default 3 minutes after a 60 s warm-up)
//   npm run bench -- --only B1,B7      some of them (B5 and B6 come with B1)
//   npm run bench -- --quick           shorter load points (trying the harness, not for the record)
//   npm run bench -- --profile         B1 and B2 under node --cpu-prof, summarized (no results file)
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ensurePeerInstalled } from "./lib/peer.js";
import { PROJECT_ROOT, stopAllTargets } from "./lib/processes.js";
import { type BenchFigures, checkTargets, formatTables } from "./lib/report.js";
import { runOrdersBench } from "./suites/b1-orders.js";
import { runGatewayBench } from "./suites/b2-gateway.js";
import { runStartupBench } from "./suites/b3-startup.js";
import { runListingBench } from "./suites/b4-listing.js";
import { runPolicyBench } from "./suites/b7-policy.js";
import { runSoakBench, type SoakPlan } from "./suites/b8-soak.js";
import { runServiceIntegrationBench } from "./suites/b9-service-integration.js";
import { runRuntimeApiBench } from "./suites/b10-runtime-api.js";
import { runFlightsBench } from "./suites/b11-flights.js";
import { runLatticeBench } from "./suites/b12-lattice.js";
import { runPrivateLinkBench } from "./suites/b13-privatelink.js";
import { runWebBench } from "./suites/b14-web.js";
import type { BenchContext, BenchPlan } from "./suites/context.js";
import { PROFILE_DIR, runProfiles } from "./suites/profiles.js";

const LISTING_SIZES = [100, 10_000, 100_000];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const profile = args.includes("--profile");
const onlyAt = args.indexOf("--only");
const only = new Set(
  onlyAt >= 0
    ? (args[onlyAt + 1] ?? "")
        .toUpperCase()
        .split(",")
        .filter((s) => s !== "")
    : ["B1", "B2", "B3", "B4", "B7", "B8", "B9", "B10", "B11", "B12", "B13", "B14"],
);
const soakAt = args.indexOf("--soak-minutes");
const soak: SoakPlan = {
  minutes: soakAt >= 0 ? Number(args[soakAt + 1]) : quick ? 1 : 3,
  warmupSeconds: quick ? 20 : 60,
  rate: 50,
  connections: 4,
};
if (!Number.isFinite(soak.minutes) || soak.minutes < 1)
  throw new Error("--soak-minutes needs a whole number ≥ 1");
// The watchdog: 10 minutes for B1–B7, plus the soak.
const TIME_LIMIT_MS = (10 + (only.has("B8") ? soak.minutes + soak.warmupSeconds / 60 + 1 : 0)) * 60_000;
const plan: BenchPlan = quick
  ? { connections: [1, 8, 32], seconds: 2, warmupSeconds: 1 }
  : { connections: [1, 8, 32], seconds: 6, warmupSeconds: 2 };

const started = performance.now();
const log = (line: string) => {
  const elapsed = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${elapsed} s] ${line}\n`);
};
const watchdog = setTimeout(() => {
  log(`the bench exceeded ${TIME_LIMIT_MS / 60_000} minutes; stopping everything`);
  stopAllTargets();
  process.exit(1);
}, TIME_LIMIT_MS);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopAllTargets();
    process.exit(130);
  });
}

const workDir = join(tmpdir(), `accountmesh-bench-${process.pid}`);
mkdirSync(workDir, { recursive: true });
try {
  const context: BenchContext = {
    assemblyDir: ordersAssembly(workDir),
    workDir,
    plan,
    peerAvailable: only.has("B1") && !profile ? installPeer() : false,
    log,
  };
  const machine = describeMachine();
  log(
    `machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAverage.join(" ")}`,
  );
  if (profile) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
    const runs = await runProfiles(context, stamp);
    const file = join(PROJECT_ROOT, "bench", "results", "profiles", `${stamp}-summary.json`);
    writeFileSync(file, `${JSON.stringify({ machine, plan, runs }, null, 2)}\n`);
    log(`profile summaries written to ${file}`);
  } else {
    const figures: { -readonly [K in keyof BenchFigures]: BenchFigures[K] } = {};
    if (only.has("B7")) {
      log("B7: IAM evaluator on the orders policies ...");
      figures.b7 = runPolicyBench(quick ? 1 : 3);
    }
    if (only.has("B1")) figures.b1 = await runOrdersBench(context);
    if (only.has("B2")) figures.b2 = await runGatewayBench(context);
    if (only.has("B9")) figures.b9 = await runServiceIntegrationBench(context);
    if (only.has("B13")) figures.b13 = await runPrivateLinkBench(context);
    if (only.has("B4")) figures.b4 = await runListingBench(context, LISTING_SIZES);
    if (only.has("B3")) figures.b3 = await runStartupBench(context);
    if (only.has("B10")) figures.b10 = await runRuntimeApiBench(context);
    if (only.has("B12")) figures.b12 = await runLatticeBench(context);
    if (only.has("B11")) figures.b11 = await runFlightsBench(context, quick ? 60 : 300);
    if (only.has("B14")) figures.b14 = await runWebBench(context);
    if (only.has("B8")) figures.b8 = await runSoakBench(context, soak);
    const checks = checkTargets(figures);
    const tables = formatTables(figures, checks);
    const date = new Date().toISOString().slice(0, 10);
    // Quick runs are for trying the harness: their figures stay out of bench/results.
    const resultsDir = quick ? workDir : join(PROJECT_ROOT, "bench", "results");
    mkdirSync(resultsDir, { recursive: true });
    // A partial run (--only) gets its own file, so it never replaces the day's full record.
    const file = join(
      resultsDir,
      onlyAt >= 0 ? `${date}-only-${[...only].sort().join("-")}.json` : `${date}.json`,
    );
    const durationSeconds = Math.round((performance.now() - started) / 1000);
    const record = {
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      plan,
      durationSeconds,
      figures,
      targets: checks,
    };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`\n${tables}\n\n`);
    log(
      quick
        ? `quick run: no results file (${durationSeconds} s)`
        : `results written to ${file} (${durationSeconds} s)`,
    );
  }
} finally {
  stopAllTargets();
  rmSync(workDir, { recursive: true, force: true });
}

/** A private copy of cdk.out (synthesized first when missing), so a synth elsewhere cannot change it mid-run. */
function ordersAssembly(dir: string): string {
  const source = join(PROJECT_ROOT, "cdk.out");
  if (!existsSync(join(source, "manifest.json"))) {
    log("cdk.out is missing: synthesizing ...");
    execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "synth"], {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
    });
  }
  const copy = join(dir, "orders.out");
  cpSync(source, copy, { recursive: true });
  return copy;
}

function installPeer(): boolean {
  try {
    ensurePeerInstalled(log);
    return true;
  } catch (error) {
    log(`the peer could not be installed; B6 is skipped: ${String(error)}`);
    return false;
  }
}

function describeMachine() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    kernel: release(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
