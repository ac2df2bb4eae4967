import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRuntimeLock } from "./runtime-lock.js";

describe("runtime lock", () => {
  it("lets one runtime own a data directory and names the owner to the second", () => {
    const dir = mkdtempSync(join(tmpdir(), "accountmesh-lock-"));
    const lock = acquireRuntimeLock(dir);
    expect(() => acquireRuntimeLock(dir)).toThrowError(
      expect.objectContaining({
        code: "RUNTIME_ALREADY_RUNNING",
        message: expect.stringContaining(`pid ${process.pid}`),
      }),
    );
    lock.release();
    expect(existsSync(join(dir, "runtime.lock"))).toBe(false);
    acquireRuntimeLock(dir).release();
  });

  it("takes over a lock left by a process that no longer runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "accountmesh-lock-"));
    writeFileSync(join(dir, "runtime.lock"), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const lock = acquireRuntimeLock(dir);
    lock.release();
  });
});
