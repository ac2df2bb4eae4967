// The short fuzz run of `npm test`: a fixed seed, about a thousand requests per reference system
// across every route, every way in and the local AWS endpoint. Zero 5xx the system produced itself,
// zero requests without an answer, zero hangs, and the system still serves afterwards. The long
// run is `npm run fuzz -- --runs 6000` (test/fuzz/run-fuzz.ts, docs/ROBUSTNESS.md).
import { describe, expect, it } from "vitest";
import { describeReport, runFuzz } from "./fuzz-runner.js";
import { FUZZ_SYSTEMS } from "./systems/index.js";

const SEED = 14;
const RUNS = 1000;

describe.each(Object.entries(FUZZ_SYSTEMS))("fuzz: %s", (_name, start) => {
  it(`answers ${RUNS} fuzzed requests (seed ${SEED}) with no 5xx of its own, no dropped connection, no hang, and still serves`, async () => {
    const system = await start();
    try {
      const report = await runFuzz(system, { seed: SEED, runs: RUNS });
      console.log(describeReport(report));
      expect(report.findings.map((f) => `#${f.index} [${f.door}] ${f.family}: ${f.problem}`)).toEqual([]);
      expect(report.runs).toBe(RUNS);
      // Every route of every door was reached (the route table is the system's own).
      for (const route of system.routes) expect(report.families[route.name] ?? 0).toBeGreaterThan(0);
      await system.stillServes();
    } finally {
      await system.stop();
    }
  }, 300_000);
});
