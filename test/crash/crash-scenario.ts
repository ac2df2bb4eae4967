// The crash scenario every reference system gets: `accountmesh dev` as a user runs it (its own data
// directory, on disk), concurrent writes through the system's front door, `kill -9` of the whole
// process group (the CLI, the runtime, the DynamoDB Local JVM) while writes are in flight, a restart
// on the same data directory with nothing done by hand, and every acknowledged write read back.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { PROJECT_ROOT } from "../support/orders-system.js";

/** What a system gives the scenario: how to write one record, and how to read one back. */
export interface CrashWorkload<Ack> {
  /** Writes record `n` through the front door; resolves with the acknowledgement, or undefined if none. */
  write(endpoints: EndpointsFile, n: number): Promise<Ack | undefined>;
  /** Reads an acknowledged record back after the restart: what the system returns for it now. */
  readBack(endpoints: EndpointsFile, ack: Ack): Promise<unknown>;
  /** What readBack must return for `ack` (identical content). */
  expected(ack: Ack): unknown;
  /**
   * After every acknowledged write read back: what is wrong with the system's data as a whole
   * (duplicates, records nothing acknowledged), in words; empty when nothing is.
   */
  audit?(endpoints: EndpointsFile, acknowledged: readonly Ack[]): Promise<readonly string[]>;
  /**
   * For a system whose writes have effects that arrive later: how many acknowledged writes lack them
   * now (logged right after the restart, to show the kill landed with work still on its way).
   */
  pending?(endpoints: EndpointsFile, acknowledged: readonly Ack[]): Promise<number>;
}

export interface Dev {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  output(): string;
}

/** `accountmesh dev` in its own process group (detached), so `kill -9 -<pgid>` reaches every process. */
export function startDev(dataDir: string, portBase: number): Dev {
  const child = spawn(
    join(PROJECT_ROOT, "node_modules/.bin/tsx"),
    [
      "src/cli/main.ts",
      "dev",
      "--no-synth",
      "--no-watch",
      "--port-base",
      String(portBase),
      "--data-dir",
      dataDir,
    ],
    { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { child, output: () => text };
}

/** Resolves once the CLI printed its `ready` line; rejects when it exits first or after `timeoutMs`. */
export function ready(dev: Dev, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready in ${timeoutMs} ms:\n${dev.output()}`)),
      timeoutMs,
    );
    const check = () => {
      if (/accountmesh: ready in/.test(dev.output())) {
        clearTimeout(timer);
        resolve();
      }
    };
    dev.child.stdout.on("data", check);
    dev.child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`accountmesh dev exited (${code ?? signal}) before it was ready:\n${dev.output()}`));
    });
    check();
  });
}

/** Resolves when the CLI process has exited (at once if it already has). */
export function exited(dev: Dev): Promise<void> {
  if (dev.child.exitCode !== null || dev.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => dev.child.once("exit", () => resolve()));
}

/** Processes whose command line mentions `needle` (e.g. the data directory: the CLI and its JVM). */
export function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(needle) && state !== "Z") found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export interface CrashRun<Ack> {
  readonly acknowledged: readonly Ack[];
  /** Writes that were sent but got no acknowledgement (in flight at the kill, or refused). */
  readonly unacknowledged: number;
  /** The first write that failed before the kill, if any (for the message when too few succeed). */
  readonly firstFailure?: string;
}

/**
 * Writes with `concurrency` clients until `atLeast` writes are acknowledged (or `deadlineMs` passed),
 * then kills the whole process group with SIGKILL while the clients are still writing.
 */
export async function writeThenKill<Ack>(
  dev: Dev,
  endpoints: EndpointsFile,
  workload: CrashWorkload<Ack>,
  options: { readonly concurrency: number; readonly atLeast: number; readonly deadlineMs?: number },
): Promise<CrashRun<Ack>> {
  const acknowledged: Ack[] = [];
  let sent = 0;
  let killed = false;
  let firstFailure: string | undefined;
  const kill = () => {
    if (killed) return;
    killed = true;
    process.kill(-(dev.child.pid ?? 0), "SIGKILL");
  };
  const deadline = setTimeout(kill, options.deadlineMs ?? 60_000);
  const client = async () => {
    while (!killed) {
      const n = sent++;
      // An answer that arrived is an acknowledgement, even one that arrives after the kill was sent.
      const ack = await workload.write(endpoints, n).catch((error: Error) => {
        if (!killed) firstFailure ??= error.message;
        return undefined;
      });
      if (ack !== undefined) acknowledged.push(ack);
      else if (!killed) firstFailure ??= `write ${n} was not acknowledged`;
      if (acknowledged.length >= options.atLeast) kill();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  clearTimeout(deadline);
  return {
    acknowledged,
    unacknowledged: sent - acknowledged.length,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}
