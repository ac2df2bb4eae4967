// The targets of issue 4, checked against one run's figures, and the table `npm run bench` prints
// (also pasted into docs/PERFORMANCE.md).
import type { OrdersBenchResult } from "../suites/b1-orders.js";
import type { GatewayBenchResult } from "../suites/b2-gateway.js";
import type { StartupBenchResult, StartupPhases } from "../suites/b3-startup.js";
import type { ListingBenchResult } from "../suites/b4-listing.js";
import type { PolicyResult } from "../suites/b7-policy.js";
import type { SoakResult } from "../suites/b8-soak.js";
import type { ServiceIntegrationBenchResult } from "../suites/b9-service-integration.js";
import type { RuntimeApiBenchResult } from "../suites/b10-runtime-api.js";
import type { FlightsBenchResult } from "../suites/b11-flights.js";
import type { LatticeBenchResult } from "../suites/b12-lattice.js";
import type { PrivateLinkBenchResult } from "../suites/b13-privatelink.js";
import type { WebBenchResult } from "../suites/b14-web.js";
import type { LoadResult } from "./load.js";

export interface BenchFigures {
  readonly b1?: OrdersBenchResult;
  readonly b2?: GatewayBenchResult;
  readonly b3?: StartupBenchResult;
  readonly b4?: ListingBenchResult;
  readonly b7?: PolicyResult;
  readonly b8?: SoakResult;
  readonly b9?: ServiceIntegrationBenchResult;
  readonly b13?: PrivateLinkBenchResult;
  readonly b10?: RuntimeApiBenchResult;
  readonly b12?: LatticeBenchResult;
  readonly b11?: FlightsBenchResult;
  readonly b14?: WebBenchResult;
}

export interface TargetCheck {
  readonly id: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : Math.round((a / b) * 100) / 100);
/** A ratio for the table; `—` when the reference is 0 (autocannon's latencies are whole milliseconds). */
const times = (a: number, b: number) => (b === 0 ? "—" : `${ratio(a, b)}×`);
const at = <T extends { runtime: LoadResult }>(points: readonly T[] | undefined, connections: number) =>
  points?.find((p) => p.runtime.connections === connections);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function checkTargets(f: BenchFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const b1 = at(f.b1?.points, 32);
  if (b1 !== undefined) {
    const rps = ratio(b1.runtime.rps, b1.floor.rps);
    const p99 = ratio(b1.runtime.p99, b1.floor.p99);
    const { runtime, floor } = b1;
    checks.push({
      id: "B1 rps@32",
      target: "≥ 0.7× floor",
      measured: times(runtime.rps, floor.rps),
      met: rps >= 0.7,
    });
    checks.push({
      id: "B1 p99@32",
      target: "≤ 2× floor",
      measured: times(runtime.p99, floor.p99),
      met: p99 <= 2,
    });
  }
  const b2 = at(f.b2?.points, 32);
  if (b2 !== undefined) {
    const { rps, p99 } = b2.runtime;
    checks.push({
      id: "B2 rps@32",
      target: "≥ 5,000 req/s",
      measured: `${Math.round(rps)} req/s`,
      met: rps >= 5000,
    });
    checks.push({ id: "B2 p99@32", target: "≤ 20 ms", measured: `${p99} ms`, met: p99 <= 20 });
  }
  if (f.b3 !== undefined) {
    const { freshMs, restartMs, handlerEditMs } = f.b3;
    checks.push({ id: "B3 fresh", target: "≤ 20 s", measured: seconds(freshMs), met: freshMs <= 20_000 });
    checks.push({ id: "B3 restart", target: "≤ 3 s", measured: seconds(restartMs), met: restartMs <= 3000 });
    checks.push({
      id: "B3 handler edit",
      target: "≤ 2 s",
      measured: handlerEditMs === undefined ? (f.b3.note ?? "not measured") : seconds(handlerEditMs),
      met: handlerEditMs === undefined ? undefined : handlerEditMs <= 2000,
    });
  }
  const small = f.b4?.points.find((p) => p.stored === 100);
  const large = f.b4?.points.find((p) => p.stored === 100_000);
  if (small !== undefined && large !== undefined) {
    const r = ratio(large.p50, small.p50);
    checks.push({
      id: "B4 p50 100k/100",
      target: "≤ 1.5×",
      measured: times(large.p50, small.p50),
      met: r <= 1.5,
    });
  }
  if (f.b1 !== undefined) {
    const mb = f.b1.memory.runtimeUnderLoadMb;
    checks.push({ id: "B5 RSS under load", target: "≤ 300 MB", measured: `${mb} MB`, met: mb <= 300 });
  }
  const peer = f.b1?.peer;
  if (b2 !== undefined && peer !== undefined && "echo" in peer) {
    const r = ratio(b2.runtime.rps, peer.echo.rps);
    checks.push({
      id: "B6 vs serverless-offline",
      target: "≥ 3× rps@32",
      measured: times(b2.runtime.rps, peer.echo.rps),
      met: r >= 3,
    });
  }
  if (f.b7 !== undefined) {
    const d = f.b7.decisionsPerSecond;
    checks.push({
      id: "B7 decisions/s",
      target: "≥ 100,000",
      measured: d.toLocaleString("en-US"),
      met: d >= 100_000,
    });
  }
  if (f.b8 !== undefined) {
    for (const [what, trend] of [
      ["runtime", f.b8.runtime],
      ["engine", f.b8.engine],
    ] as const) {
      checks.push({
        id: `B8 ${what} RSS growth`,
        target: "< 10% after warm-up",
        measured: percent(trend.growth),
        met: trend.growth < 0.1,
      });
    }
    checks.push({
      id: "B8 5xx and errors",
      target: "none",
      measured: `${f.b8.byClass["5xx"] ?? 0} 5xx, ${f.b8.errors} errors`,
      met: (f.b8.byClass["5xx"] ?? 0) === 0 && f.b8.errors === 0,
    });
  }
  const b9 = at(f.b9?.points, 32);
  if (b9 !== undefined) {
    checks.push({
      id: "B9 rps@32",
      target: "≥ 0.5× floor",
      measured: times(b9.runtime.rps, b9.floor.rps),
      met: ratio(b9.runtime.rps, b9.floor.rps) >= 0.5,
    });
    checks.push({
      id: "B9 p99@32",
      target: "≤ 2× floor",
      measured: times(b9.runtime.p99, b9.floor.p99),
      met: b9.floor.p99 === 0 ? undefined : ratio(b9.runtime.p99, b9.floor.p99) <= 2,
    });
  }
  const b12Path = f.b12?.pathPoints.find((p) => p.concurrency === 1);
  const b12Floor = f.b12?.floorPoints.find((p) => p.concurrency === 1);
  if (b12Path !== undefined && b12Floor !== undefined) {
    // The path is two invocations (client and directory function) and two HTTP hops (entry point →
    // Lattice, Lattice → ALB) where the floor is one invocation.
    checks.push({
      id: "B12 p50@1",
      target: "≤ 4× floor",
      measured: times(b12Path.p50Ms, b12Floor.p50Ms),
      met: ratio(b12Path.p50Ms, b12Floor.p50Ms) <= 4,
    });
  }
  const b13 = at(f.b13?.points, 32);
  if (b13 !== undefined) {
    checks.push({
      id: "B13 rps@32",
      target: "≥ 0.3× floor",
      measured: times(b13.runtime.rps, b13.floor.rps),
      met: ratio(b13.runtime.rps, b13.floor.rps) >= 0.3,
    });
    checks.push({
      id: "B13 p99@32",
      target: "≤ 4× floor",
      measured: times(b13.runtime.p99, b13.floor.p99),
      met: b13.floor.p99 === 0 ? undefined : ratio(b13.runtime.p99, b13.floor.p99) <= 4,
    });
  }
  return checks;
}

const percent = (ratio: number) => `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;

/** Markdown tables: every load point beside its reference, the other figures, then the targets. */
export function formatTables(f: BenchFigures, checks: readonly TargetCheck[]): string {
  const out: string[] = [];
  const loadRow = (name: string, c: number, m: LoadResult, r: LoadResult) =>
    `| ${name} | ${c} | ${m.rps} | ${m.p50} | ${m.p99} | ${r.rps} | ${r.p50} | ${r.p99} | ${times(m.rps, r.rps)} | ${times(m.p99, r.p99)} |`;
  if (f.b1 !== undefined || f.b2 !== undefined || f.b9 !== undefined || f.b13 !== undefined) {
    out.push(
      "| path | conns | req/s | p50 ms | p99 ms | ref req/s | ref p50 | ref p99 | req/s ratio | p99 ratio |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const p of f.b1?.points ?? [])
      out.push(loadRow("B1 orders vs floor", p.runtime.connections, p.runtime, p.floor));
    for (const p of f.b2?.points ?? [])
      out.push(loadRow("B2 gateway vs bare https", p.runtime.connections, p.runtime, p.bare));
    for (const p of f.b9?.points ?? [])
      out.push(loadRow("B9 REST API → DynamoDB vs floor", p.runtime.connections, p.runtime, p.floor));
    for (const p of f.b13?.points ?? [])
      out.push(
        loadRow(
          "B13 HTTP API → VPC link → ALB → endpoint → NLB → task vs floor",
          p.runtime.connections,
          p.runtime,
          p.floor,
        ),
      );
    const peer = f.b1?.peer;
    const b1 = at(f.b1?.points, 32);
    const b2 = at(f.b2?.points, 32);
    if (peer !== undefined && "echo" in peer) {
      if (b2 !== undefined) out.push(loadRow("B6 B2 path vs serverless-offline", 32, b2.runtime, peer.echo));
      if (b1 !== undefined)
        out.push(loadRow("B6 B1 path vs serverless-offline", 32, b1.runtime, peer.orders));
    }
    out.push("");
  }
  const b1Cpu = at(f.b1?.points, 32);
  const b2Cpu = at(f.b2?.points, 32);
  const b9Cpu = at(f.b9?.points, 32);
  if (b1Cpu !== undefined || b2Cpu !== undefined || b9Cpu !== undefined) {
    out.push(
      "| CPU µs per request at 32 connections | main thread | other threads | engine | load generator | total |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
    );
    const cpuRow = (name: string, cpu: Readonly<Record<string, number>>, label: string) => {
      const total = (cpu[label] ?? 0) + (cpu.engine ?? 0) + (cpu.loadgen ?? 0);
      return `| ${name} | ${cpu[`${label}.main`] ?? "—"} | ${cpu[`${label}.threads`] ?? "—"} | ${cpu.engine ?? "—"} | ${cpu.loadgen ?? "—"} | ${total} |`;
    };
    if (b1Cpu !== undefined) {
      out.push(
        cpuRow("B1 runtime", b1Cpu.runtimeCpu, "runtime"),
        cpuRow("B1 floor", b1Cpu.floorCpu, "floor"),
      );
    }
    if (b2Cpu !== undefined) {
      out.push(
        cpuRow("B2 runtime", b2Cpu.runtimeCpu, "runtime"),
        cpuRow("B2 bare https", b2Cpu.bareCpu, "bare"),
      );
    }
    if (b9Cpu !== undefined) {
      out.push(
        cpuRow("B9 runtime", b9Cpu.runtimeCpu, "runtime"),
        cpuRow("B9 floor", b9Cpu.floorCpu, "floor"),
      );
    }
    out.push("");
  }
  const rows: string[] = [];
  if (f.b3 !== undefined) {
    const phases = (p: StartupPhases) =>
      `CLI ${seconds(p.cliMs)} + dev ${seconds(p.devMs)} + first order ${seconds(p.firstOrderMs)}`;
    rows.push(
      `| B3 fresh clone → first 200 order | ${seconds(f.b3.freshMs)} (${phases(f.b3.freshPhases)}) |`,
    );
    rows.push(
      `| B3 restart, cdk.out unchanged → first 200 order | ${seconds(f.b3.restartMs)} (${phases(f.b3.restartPhases)}) |`,
    );
    rows.push(
      `| B3 handler edit → new code answers | ${f.b3.handlerEditMs === undefined ? (f.b3.note ?? "not measured") : seconds(f.b3.handlerEditMs)} |`,
    );
  }
  for (const p of f.b4?.points ?? []) {
    rows.push(
      `| B4 GET /v1/orders first page, ${p.stored.toLocaleString("en-US")} stored | p50 ${p.p50} ms, p99 ${p.p99} ms |`,
    );
  }
  if (f.b1 !== undefined) {
    const m = f.b1.memory;
    rows.push(
      `| B5 runtime RSS, orders provisioned, idle | ${m.runtimeIdleMb} MB (engine ${m.engineIdleMb} MB) |`,
    );
    rows.push(
      `| B5 runtime RSS, under B1 load (highest sample) | ${m.runtimeUnderLoadMb} MB (engine ${m.engineUnderLoadMb} MB) |`,
    );
    const peer = f.b1.peer;
    if ("echo" in peer) rows.push(`| B6 serverless-offline peak RSS | ${peer.peerPeakMb} MB |`);
  }
  if (f.b2 !== undefined)
    rows.push(`| B5 runtime peak RSS, B2 fixture under load | ${f.b2.runtimePeakMb} MB |`);
  if (f.b7 !== undefined) {
    rows.push(
      `| B7 IAM evaluator, orders policies (${f.b7.mix}-request mix) | ${f.b7.decisionsPerSecond.toLocaleString("en-US")} decisions/s |`,
    );
  }
  if (f.b8 !== undefined) {
    const { plan, runtime, engine, requests } = f.b8;
    const soak = `B8 soak, ${plan.minutes} min at ${plan.rate} req/s (${requests} requests, after ${plan.warmupSeconds} s warm-up)`;
    rows.push(
      `| ${soak}: runtime RSS | ${runtime.startMb} → ${runtime.endMb} MB (${percent(runtime.growth)}) |`,
      `| ${soak}: engine RSS | ${engine.startMb} → ${engine.endMb} MB (${percent(engine.growth)}) |`,
    );
  }
  if (f.b10 !== undefined) {
    const b10 = f.b10;
    const row = (label: string, points: RuntimeApiBenchResult["pythonPoints"]) =>
      points.map(
        (p) =>
          `| B10 ${label}, ${p.concurrency} at a time | ${p.invocationsPerSecond.toLocaleString("en-US")} invocations/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms |`,
      );
    rows.push(
      ...row("Python over the Runtime API", b10.pythonPoints),
      ...row("custom runtime (shell + curl) over the Runtime API", b10.shellPoints),
      ...row("Node.js worker (the in-process path)", b10.nodePoints),
      `| B10 floor: the Python handler called directly | ${b10.pythonDirectMicros} µs per call |`,
    );
  }
  if (f.b12 !== undefined) {
    const b12 = f.b12;
    for (const [label, points] of [
      ["client function → Lattice → ALB → function", b12.pathPoints],
      ["floor: the directory function invoked alone", b12.floorPoints],
    ] as const) {
      for (const p of points) {
        rows.push(
          `| B12 ${label}, ${p.concurrency} at a time | ${p.invocationsPerSecond.toLocaleString("en-US")} invocations/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms |`,
        );
      }
    }
  }
  if (f.b11 !== undefined) {
    const { runtime, floor } = f.b11;
    const point = (p: typeof runtime) =>
      `${p.bookingsPerSecond} bookings/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms`;
    rows.push(
      `| B11 flights booking → airmiles visible, ${runtime.bookings} bookings ${runtime.concurrency} at a time (runtime) | ${point(runtime)} |`,
      `| B11 floor: the same handlers in-process on DynamoDB Local | ${point(floor)} |`,
      `| B11 runtime vs floor | ${times(runtime.bookingsPerSecond, floor.bookingsPerSecond)} bookings/s, ${times(runtime.p50Ms, floor.p50Ms)} p50 |`,
    );
  }
  for (const p of f.b14?.points ?? []) {
    const { runtime, floor } = p;
    rows.push(
      `| B14 GET ${p.path} through CloudFront → S3 @${runtime.connections} | ${runtime.rps} req/s (${times(runtime.rps, floor.rps)} the static file server's ${floor.rps}), p50 ${runtime.p50} ms, p99 ${runtime.p99} ms (floor ${floor.p99} ms) |`,
    );
  }
  if (rows.length > 0) out.push("| figure | measured |", "| --- | --- |", ...rows, "");
  if (checks.length > 0) {
    out.push("| target | goal | measured | met |", "| --- | --- | --- | --- |");
    for (const c of checks) {
      out.push(
        `| ${c.id} | ${c.target} | ${c.measured} | ${c.met === undefined ? "—" : c.met ? "yes" : "**no**"} |`,
      );
    }
  }
  return out.join("\n");
}
