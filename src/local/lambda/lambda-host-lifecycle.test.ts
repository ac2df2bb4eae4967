import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureSpec, logCollector, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost, type LambdaHostOptions } from "./lambda-host.js";
import type { FunctionSpec } from "./types.js";

const hosts: LambdaHost[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function start(specs: FunctionSpec[], options: LambdaHostOptions = {}): LambdaHost {
  const host = new LambdaHost(testBindings(), { log: () => {}, ...options });
  hosts.push(host);
  for (const spec of specs) {
    host.register(spec);
  }
  return host;
}

function codeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "accountmesh-lambda-test-"));
  dirs.push(dir);
  for (const [name, source] of Object.entries(files)) {
    writeFileSync(join(dir, name), source);
  }
  return dir;
}

describe("LambdaHost execution environments", () => {
  it("reuses a warm environment: module state survives between invocations", async () => {
    const spec = fixtureSpec("counter", { handler: "state.handler" });
    const host = start([spec]);
    const counts = [];
    for (let i = 0; i < 3; i++) {
      counts.push(await host.invoke(spec.arn, {}));
    }
    expect(counts.map((r) => (r.kind === "success" ? r.payload : r.kind))).toEqual([1, 2, 3]);
  });

  it("ends the environment on timeout; the next invocation gets a fresh one", async () => {
    const collector = logCollector();
    const spec = fixtureSpec("spinner", { handler: "state.handler", timeoutSeconds: 1 });
    const host = start([spec], { log: collector.log });
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "success", payload: 1 });
    const timedOut = await host.invoke(spec.arn, { spin: true }, { requestId: "req-spin" });
    expect(timedOut).toMatchObject({ kind: "timeout", requestId: "req-spin" });
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "success", payload: 1 });
    expect(
      collector.lines.some((line) =>
        /^\[spinner\] \S+ req-spin Task timed out after 1\.00 seconds$/.test(line),
      ),
    ).toBe(true);
    expect(collector.lines.find((line) => line.startsWith("[spinner] REPORT RequestId: req-spin"))).toMatch(
      /\tStatus: timeout$/,
    );
  });

  it("throttles beyond reserved concurrency (TooManyRequestsException)", async () => {
    const spec = fixtureSpec("reserved", { handler: "state.handler", reservedConcurrency: 1 });
    const host = start([spec]);
    const first = host.invoke(spec.arn, { wait: 300 });
    const second = host.invoke(spec.arn, {}, { requestId: "req-throttled" });
    expect(await second).toEqual({ kind: "throttled", requestId: "req-throttled" });
    expect(await first).toMatchObject({ kind: "success", payload: 1 });
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "success", payload: 2 });
  });

  it("throttles everything at reserved concurrency 0", async () => {
    const spec = fixtureSpec("disabled", { reservedConcurrency: 0 });
    const host = start([spec]);
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "throttled" });
  });

  it("starts more environments for concurrent invocations up to the per-function cap", async () => {
    const spec = fixtureSpec("parallel", { handler: "state.handler" });
    const host = start([spec], { maxConcurrencyPerFunction: 2 });
    const results = await Promise.all([
      host.invoke(spec.arn, { wait: 200 }),
      host.invoke(spec.arn, { wait: 200 }),
    ]);
    // Two environments, each on its first invocation.
    expect(results.map((r) => (r.kind === "success" ? r.payload : r.kind))).toEqual([1, 1]);
  });

  it("queues invocations beyond the per-function cap, and throttles when the queue is full", async () => {
    const spec = fixtureSpec("queued", { handler: "state.handler" });
    const host = start([spec], { maxConcurrencyPerFunction: 1, maxQueuedPerFunction: 1 });
    const running = host.invoke(spec.arn, { wait: 200 });
    const waiting = host.invoke(spec.arn, {});
    const rejected = host.invoke(spec.arn, {});
    expect(await rejected).toMatchObject({ kind: "throttled" });
    // One environment served both, one after the other.
    expect(await running).toMatchObject({ kind: "success", payload: 1 });
    expect(await waiting).toMatchObject({ kind: "success", payload: 2 });
  });

  it("reload drops warm environments so new code loads", async () => {
    const dir = codeDir({ "index.mjs": 'export const handler = async () => "v1";' });
    const spec = fixtureSpec("reloaded", { codeDir: dir, handler: "index.handler" });
    const host = start([spec]);
    expect(await host.invoke(spec.arn, {})).toMatchObject({ payload: "v1" });
    writeFileSync(join(dir, "index.mjs"), 'export const handler = async () => "v2";');
    expect(await host.invoke(spec.arn, {})).toMatchObject({ payload: "v1" });
    host.reload(spec.arn);
    expect(await host.invoke(spec.arn, {})).toMatchObject({ payload: "v2" });
    writeFileSync(join(dir, "index.mjs"), 'export const handler = async () => "v3";');
    host.reload();
    expect(await host.invoke(spec.arn, {})).toMatchObject({ payload: "v3" });
  });

  it("retires a busy environment after its invocation when reloaded mid-flight", async () => {
    const spec = fixtureSpec("busy-reload", { handler: "state.handler" });
    const host = start([spec]);
    const running = host.invoke(spec.arn, { wait: 200 });
    host.reload(spec.arn);
    expect(await running).toMatchObject({ kind: "success", payload: 1 });
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "success", payload: 1 });
  });

  it("re-registering a function replaces its code", async () => {
    const host = start([fixtureSpec("swap", { handler: "state.handler" })]);
    expect(await host.invoke(fixtureSpec("swap").arn, {})).toMatchObject({ payload: 1 });
    host.register(fixtureSpec("swap", { handler: "throws.handler" }));
    expect(await host.invoke(fixtureSpec("swap").arn, {})).toMatchObject({
      kind: "error",
      errorType: "TypeError",
    });
  });

  it("fails the invocation on an uncaught exception and replaces the environment", async () => {
    const collector = logCollector();
    const uncaught = fixtureSpec("uncaught", { handler: "crashes.uncaught" });
    const host = start([uncaught, fixtureSpec("unhandled", { handler: "crashes.unhandled" })], {
      log: collector.log,
    });
    expect(await host.invoke(uncaught.arn, {}, { requestId: "req-crash" })).toMatchObject({
      kind: "error",
      errorType: "RangeError",
      errorMessage: "thrown from a timer",
    });
    expect(collector.lines.some((line) => line.includes("\treq-crash\tERROR\tUncaught Exception"))).toBe(
      true,
    );
    expect(collector.lines.find((line) => line.startsWith("[uncaught] REPORT RequestId: req-crash"))).toMatch(
      /\tStatus: error\tError Type: RangeError$/,
    );
    expect(await host.invoke(fixtureSpec("unhandled").arn, {})).toMatchObject({
      kind: "error",
      errorType: "Runtime.UnhandledPromiseRejection",
      errorMessage: "Error: nobody listens",
    });
  });

  it("reports process.exit as Runtime.ExitError and starts a new environment next time", async () => {
    const host = start([fixtureSpec("exits", { handler: "crashes.exits" })]);
    expect(await host.invoke(fixtureSpec("exits").arn, {}, { requestId: "req-exit" })).toEqual({
      kind: "error",
      errorType: "Runtime.ExitError",
      errorMessage: "RequestId: req-exit Error: Runtime exited with error: exit status 3",
      requestId: "req-exit",
      durationMs: expect.any(Number),
    });
    expect(await host.invoke(fixtureSpec("exits").arn, {})).toMatchObject({ errorType: "Runtime.ExitError" });
  });

  it("ends an environment that exceeds its memory with Runtime.OutOfMemory", async () => {
    const collector = logCollector();
    const spec = fixtureSpec("hoarder", { handler: "crashes.exhaustsMemory", memoryMb: 64 });
    const host = start([spec], { log: collector.log });
    expect(await host.invoke(spec.arn, {}, { requestId: "req-oom" })).toMatchObject({
      kind: "error",
      errorType: "Runtime.OutOfMemory",
      errorMessage: "RequestId: req-oom Error: Runtime exited with error: signal: killed",
    });
    expect(collector.lines.find((line) => line.startsWith("[hoarder] REPORT RequestId: req-oom"))).toMatch(
      /\tMax Memory Used: 64 MB\t.*\tStatus: error\tError Type: Runtime\.OutOfMemory$/,
    );
  });

  it("reports a syntax error in the bundle as Runtime.UserCodeSyntaxError", async () => {
    const dir = codeDir({ "index.mjs": "export const handler = async () => { return 1 +; };" });
    const host = start([fixtureSpec("syntax", { codeDir: dir, handler: "index.handler" })]);
    expect(await host.invoke(fixtureSpec("syntax").arn, {})).toMatchObject({
      kind: "error",
      errorType: "Runtime.UserCodeSyntaxError",
      errorMessage: expect.stringContaining("SyntaxError"),
    });
  });

  it("stop ends running invocations and refuses new ones", async () => {
    const spec = fixtureSpec("stopped", { handler: "state.handler" });
    const host = start([spec]);
    expect(await host.invoke(spec.arn, {})).toMatchObject({ kind: "success" });
    const running = host.invoke(spec.arn, { wait: 5000 });
    await host.stop();
    expect(await running).toMatchObject({ kind: "error", errorType: "Runtime.ExitError" });
    await expect(host.invoke(spec.arn, {})).rejects.toMatchObject({ code: "LAMBDA_HOST_STOPPED" });
  });
});

describe("NODE_OPTIONS a worker thread cannot apply", () => {
  it("drops per-process flags from execArgv and from the NODE_OPTIONS the worker sees, and still runs", async () => {
    const lines: string[] = [];
    const host = new LambdaHost(testBindings(), { log: (line) => lines.push(line) });
    try {
      const spec = fixtureSpec("title", {
        environment: { NODE_OPTIONS: "--enable-source-maps --title=accountmesh-test" },
      });
      host.register(spec);
      const first = await host.invoke(spec.arn, { n: 1 });
      expect(first.kind, JSON.stringify(first)).toBe("success");
      const second = await host.invoke(spec.arn, { n: 2 });
      expect(second.kind).toBe("success");
      expect(lines.some((line) => line.includes("cannot apply are ignored: --title=accountmesh-test"))).toBe(
        true,
      );
    } finally {
      await host.stop();
    }
  });
});
