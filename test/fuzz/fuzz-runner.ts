// Runs a seeded, bounded fuzz campaign against a running reference system: `runs` requests drawn by
// fast-check from one seed (front doors and local AWS endpoint), sent by a few concurrent clients
// over keep-alive connections, each answer judged. A finding is a 5xx the system produced itself
// (the local AWS endpoint's 501 for an operation it does not implement is documented, not a
// finding), a request that got no answer (closed or reset connection), or one that hung.
import * as fc from "fast-check";
import { type AwsCall, awsCalls, signCall } from "./aws-arbitraries.js";
import type { FuzzSystem } from "./fuzz-system.js";
import { type FuzzRequest, frontDoorRequests } from "./http-arbitraries.js";
import { type Outcome, Session, type Way } from "./raw-http.js";

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** Share of the runs that go to the local AWS endpoint (default 0.25). */
  readonly awsShare?: number;
  /** Concurrent clients (default 4). */
  readonly concurrency?: number;
  /** A request without a complete answer by then is a hang (default 15 s). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface Finding {
  readonly index: number;
  readonly door: string;
  readonly family: string;
  readonly problem: string;
  /** The request as sent (first 64 KiB, latin1), to replay it. */
  readonly request: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  /** Answers by status class and outcome (`2xx`, `4xx`, `501`, `no answer`, `hang`, ...). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Requests per route or family (how far the run reached). */
  readonly families: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
}

type Planned =
  | { readonly kind: "door"; readonly request: FuzzRequest }
  | { readonly kind: "aws"; readonly call: AwsCall };

export async function runFuzz(system: FuzzSystem, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const awsShare = options.awsShare ?? 0.25;
  const planned = fc.sample(
    fc.oneof(
      {
        weight: Math.round((1 - awsShare) * 100),
        arbitrary: frontDoorRequests(system).map((request): Planned => ({ kind: "door", request })),
      },
      {
        weight: Math.round(awsShare * 100),
        arbitrary: awsCalls(system).map((call): Planned => ({ kind: "aws", call })),
      },
    ),
    { seed: options.seed, numRuns: options.runs },
  );
  const outcomes: Record<string, number> = {};
  const families: Record<string, number> = {};
  const findings: Finding[] = [];
  const timeoutMs = options.timeoutMs ?? 15_000;
  const awsWay: Way = { kind: "tcp", port: Number(new URL(system.endpoints.aws).port) };
  const accounts = Object.entries(system.endpoints.accounts);
  let next = 0;
  let done = 0;

  const client = async () => {
    const sessions = new Map<string, Session>();
    const session = (key: string, way: Way) => {
      let found = sessions.get(key);
      if (found === undefined) {
        found = new Session(way, timeoutMs);
        sessions.set(key, found);
      }
      return found;
    };
    for (let index = next++; index < planned.length; index = next++) {
      const plan = planned[index] as Planned;
      let door: string;
      let family: string;
      let bytes: Buffer;
      let outcome: Outcome;
      let allow501 = false;
      if (plan.kind === "door") {
        const request = plan.request;
        const way = system.doors.find((d) => d.name === request.door)?.way;
        if (way === undefined) throw new Error(`no door ${request.door}`);
        ({ door, family, bytes } = request);
        outcome = await session(door, way).send(bytes, {
          head: request.method === "HEAD",
          halfClose: request.halfClose,
        });
      } else {
        const call = plan.call;
        const usable = call.writes
          ? accounts.filter(([id]) => system.scratchAccounts.includes(id))
          : accounts;
        const [, credentials] = usable[call.account % usable.length] ?? [];
        if (credentials === undefined) throw new Error("no account to sign AWS calls as");
        door = "local AWS endpoint";
        family = call.family;
        bytes = await signCall(call, system.endpoints.aws, credentials);
        outcome = await session(door, awsWay).send(bytes);
        allow501 = true;
      }
      families[family] = (families[family] ?? 0) + 1;
      const verdict = judge(outcome, allow501);
      outcomes[verdict.bucket] = (outcomes[verdict.bucket] ?? 0) + 1;
      if (verdict.problem !== undefined) {
        findings.push({
          index,
          door,
          family,
          problem: verdict.problem,
          request: bytes.subarray(0, 65_536).toString("latin1"),
        });
      }
      if (++done % 500 === 0)
        options.log?.(`fuzz: ${done}/${planned.length} requests, ${findings.length} findings`);
    }
    for (const s of sessions.values()) s.close();
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, client));
  return {
    seed: options.seed,
    runs: planned.length,
    durationMs: Date.now() - started,
    outcomes,
    families,
    findings,
  };
}

function judge(outcome: Outcome, allow501: boolean): { bucket: string; problem?: string } {
  if (outcome.kind !== "answer") {
    // A proxy that refuses CONNECT says so with a status; anything else without an answer is a finding.
    return { bucket: outcome.kind, problem: `${outcome.kind}: ${outcome.detail}` };
  }
  const { status, body } = outcome;
  if (
    status === 501 &&
    allow501 &&
    /NotImplemented|not implemented|InvalidAction|UnknownOperation/i.test(body.toString())
  ) {
    return { bucket: "501 (documented: operation not implemented locally)" };
  }
  if (status >= 500 || status < 100) {
    return { bucket: `${status}`, problem: `${status} ${body.subarray(0, 300).toString("utf8")}` };
  }
  return { bucket: `${Math.floor(status / 100)}xx` };
}

/** A short text summary of a report. */
export function describeReport(report: FuzzReport): string {
  const lines = [
    `fuzz: seed ${report.seed}, ${report.runs} requests in ${(report.durationMs / 1000).toFixed(1)} s, ${report.findings.length} findings`,
    `  outcomes: ${Object.entries(report.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `  routes and families reached: ${Object.keys(report.families).length}`,
  ];
  for (const finding of report.findings.slice(0, 20)) {
    lines.push(
      `  #${finding.index} [${finding.door}] ${finding.family}: ${finding.problem}`,
      `    ${JSON.stringify(finding.request.slice(0, 300))}`,
    );
  }
  return lines.join("\n");
}
