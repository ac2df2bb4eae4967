import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireRuntimeLock, lockAddress } from "./runtime-lock.js";

const LOCK_MODULE = new URL("./runtime-lock.ts", import.meta.url).pathname;
const children: ChildProcess[] = [];

const dirs: string[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "accountmesh-lock-"));
  dirs.push(dir);
  return dir;
};

/**
 * Another process holding the lock of `dir`: `node` run directly, or through `sh -c '… & exec sleep'`
 * so that its parent never reaps it (a zombie once killed). Resolves with the holder's pid.
 */
async function holder(dir: string, how: "direct" | "unreaped", address?: string): Promise<number> {
  const script = `import { acquireRuntimeLock } from ${JSON.stringify(LOCK_MODULE)};
await acquireRuntimeLock(${JSON.stringify(dir)}${address === undefined ? "" : `, { address: ${JSON.stringify(address)} }`});
process.stdout.write("held " + process.pid + "\\n");
setInterval(() => {}, 1000);`;
  const node = [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
  const quoted = node.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(" ");
  const child =
    how === "direct"
      ? spawn(node[0] ?? "node", node.slice(1), { stdio: ["ignore", "pipe", "inherit"] })
      : spawn("sh", ["-c", `${quoted} & exec sleep 120`], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  while (!/held \d+/.test(out)) {
    if (child.exitCode !== null) throw new Error(`the lock holder exited: ${out}`);
    await once(child.stdout ?? child, "data");
  }
  return Number(/held (\d+)/.exec(out)?.[1]);
}

function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined; // gone
  }
}

describe("runtime lock", () => {
  it("lets one runtime own a data directory and names the owner to the second", async () => {
    const dir = freshDir();
    const lock = await acquireRuntimeLock(dir);
    expect(existsSync(join(dir, "runtime.lock"))).toBe(true);
    await expect(acquireRuntimeLock(dir)).rejects.toMatchObject({
      code: "RUNTIME_ALREADY_RUNNING",
      message: expect.stringContaining(`pid ${process.pid}`),
    });
    await lock.release();
    expect(existsSync(join(dir, "runtime.lock"))).toBe(false);
    await (await acquireRuntimeLock(dir)).release();
  });

  it("names a live owner in another process by the pid it reports", async () => {
    const dir = freshDir();
    const pid = await holder(dir, "direct");
    await expect(acquireRuntimeLock(dir)).rejects.toMatchObject({
      code: "RUNTIME_ALREADY_RUNNING",
      message: expect.stringContaining(`(pid ${pid})`),
    });
  }, 30_000);

  it("is free the moment its owner is killed with SIGKILL, even while the owner is an unreaped zombie", async () => {
    const dir = freshDir();
    const pid = await holder(dir, "unreaped");
    await expect(acquireRuntimeLock(dir)).rejects.toMatchObject({ code: "RUNTIME_ALREADY_RUNNING" });
    process.kill(pid, "SIGKILL");
    while (processState(pid) !== "Z") await new Promise((r) => setTimeout(r, 20));
    // The lock file still names the (zombie) pid, and kill(pid, 0) still succeeds on it.
    expect(JSON.parse(readFileSync(join(dir, "runtime.lock"), "utf8")).pid).toBe(pid);
    expect(() => process.kill(pid, 0)).not.toThrow();
    const lock = await acquireRuntimeLock(dir);
    expect(JSON.parse(readFileSync(join(dir, "runtime.lock"), "utf8")).pid).toBe(process.pid);
    await lock.release();
  }, 30_000);

  it("ignores a lock file naming a live process that holds nothing (a reused pid)", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "runtime.lock"), JSON.stringify({ pid: process.ppid }));
    const lock = await acquireRuntimeLock(dir);
    await lock.release();
  });

  it("replaces a stale socket file left by a killed owner (systems without abstract sockets)", async () => {
    const dir = freshDir();
    const address = join(dir, "lock.sock");
    const pid = await holder(dir, "direct", address);
    process.kill(pid, "SIGKILL");
    while (processState(pid) !== undefined) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(address)).toBe(true);
    const lock = await acquireRuntimeLock(dir, { address });
    await expect(acquireRuntimeLock(dir, { address })).rejects.toMatchObject({
      code: "RUNTIME_ALREADY_RUNNING",
    });
    await lock.release();
  }, 30_000);

  it("names each data directory by its real path, in the abstract namespace on Linux", () => {
    const dir = freshDir();
    expect(lockAddress(dir, "linux")).toMatch(/^\0accountmesh-runtime-[0-9a-f]{64}$/);
    expect(lockAddress(`${dir}/.`, "linux")).toBe(lockAddress(dir, "linux"));
    expect(lockAddress(dir, "darwin")).toMatch(/accountmesh-[0-9a-f]{24}\.sock$/);
    expect(lockAddress(freshDir(), "linux")).not.toBe(lockAddress(dir, "linux"));
  });
});
