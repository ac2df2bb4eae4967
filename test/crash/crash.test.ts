// kill -9 during concurrent writes, then a restart: `accountmesh dev` on a data directory on disk,
// 32 clients writing through the front door, SIGKILL to the whole process group (CLI, runtime,
// DynamoDB Local's JVM) once the system's `killAfter` writes are acknowledged (orders 150, flights
// 500), a restart on the same data directory with nothing removed by hand, every acknowledged write
// read back with identical content, and the system's audit of its data as a whole (flights: no
// duplicate, one airmiles record per stored booking).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { freshDataDir } from "../support/orders-system.js";
import { type Dev, exited, processesMentioning, ready, startDev, writeThenKill } from "./crash-scenario.js";
import { CRASH_SYSTEMS } from "./systems/index.js";

// Below Linux's ephemeral range and beside orders-cli.test.ts's bases (20000 + k·1000).
const portBase = 20_500 + Math.floor(Math.random() * 12) * 1000;
const started: Dev[] = [];
const dataDirs: string[] = [];

afterAll(() => {
  for (const dev of started) {
    if (dev.child.exitCode === null && dev.child.signalCode === null)
      process.kill(-(dev.child.pid ?? 0), "SIGKILL");
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.entries(CRASH_SYSTEMS))("crash: %s", (_name, system) => {
  it("keeps every acknowledged write across kill -9 of the whole process tree, and restarts with nothing done by hand", async () => {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const endpointsOf = () =>
      JSON.parse(readFileSync(join(dataDir, "endpoints.json"), "utf8")) as EndpointsFile;

    const first = startDev(dataDir, portBase);
    started.push(first);
    await ready(first);
    console.log("crash: first start ready");
    expect(processesMentioning(dataDir).length).toBeGreaterThanOrEqual(2); // the CLI and its JVM at least
    // No timing is asserted: the deadline only bounds a run whose writes stall (the count then fails).
    const writing = Date.now();
    const run = await writeThenKill(first, endpointsOf(), system.workload, {
      concurrency: 32,
      atLeast: system.killAfter,
      deadlineMs: 300_000,
    });
    expect(run.acknowledged.length, run.firstFailure).toBeGreaterThanOrEqual(system.killAfter);
    system.reset();
    await exited(first);
    expect(first.child.signalCode).toBe("SIGKILL");
    for (let i = 0; i < 100 && processesMentioning(dataDir).length > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(processesMentioning(dataDir), "every process of the killed tree, the JVM included").toEqual([]);
    console.log(
      `crash: ${run.acknowledged.length} writes acknowledged in ${Date.now() - writing} ms, ${run.unacknowledged} in flight or refused at the kill`,
    );

    console.log("crash: restarting");
    const t0 = Date.now();
    const second = startDev(dataDir, portBase);
    started.push(second);
    await ready(second);
    console.log(`crash: restarted in ${Date.now() - t0} ms (measured, not asserted)`);
    expect(second.output()).not.toContain("RUNTIME_ALREADY_RUNNING");
    const endpoints = endpointsOf();
    const pending = await system.workload.pending?.(endpoints, run.acknowledged);
    if (pending !== undefined)
      console.log(
        `crash: ${pending} acknowledged writes still without their effects at the restart (measured)`,
      );
    const missing: unknown[] = [];
    for (const ack of run.acknowledged) {
      const now = await system.workload.readBack(endpoints, ack);
      if (JSON.stringify(now) !== JSON.stringify(system.workload.expected(ack)))
        missing.push({ expected: system.workload.expected(ack), now });
    }
    expect(missing).toEqual([]);
    console.log(`crash: every acknowledged write read back ${Date.now() - t0} ms after the restart began`);
    expect(await (system.workload.audit?.(endpoints, run.acknowledged) ?? [])).toEqual([]);
    system.reset();
    second.child.kill("SIGINT");
    await exited(second);
  }, 900_000);
});
