// The long fuzz run: `npm run fuzz -- --runs 6000 [--seed <n>] [--system orders] [--concurrency 4]`.
// Starts each reference system (in memory), runs the seeded campaign, prints the report and exits
// non-zero when there is a finding or the system stopped serving. Bounded: loopback only, `runs`
// requests, each with a 15-second limit.
import { writeFileSync } from "node:fs";
import { describeReport, runFuzz } from "./fuzz-runner.js";
import { FUZZ_SYSTEMS } from "./systems/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const runs = Number(option("runs", "6000"));
const seed = Number(option("seed", String(Date.now() % 1_000_000)));
const concurrency = Number(option("concurrency", "4"));
const only = option("system", "");
const out = option("out", "");

let failed = false;
for (const [name, start] of Object.entries(FUZZ_SYSTEMS)) {
  if (only !== "" && only !== name) continue;
  console.log(`fuzz: starting ${name} ...`);
  const system = await start();
  try {
    const report = await runFuzz(system, { seed, runs, concurrency, log: (line) => console.log(line) });
    console.log(describeReport(report));
    if (out !== "") writeFileSync(out, `${JSON.stringify({ system: name, ...report }, null, 2)}\n`);
    if (report.findings.length > 0) failed = true;
    await system.stillServes();
    console.log(`fuzz: ${name} still serves after the run`);
  } catch (error) {
    console.error(`fuzz: ${name}: ${(error as Error).message}`);
    failed = true;
  } finally {
    await system.stop();
  }
}
process.exit(failed ? 1 : 0);
