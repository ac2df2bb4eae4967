// One runtime per data directory: a lock file with the owner's pid. A second `accountmesh dev`
// fails with a clear message instead of a port clash; a lock left by a dead process is taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AccountmeshError } from "../shared/errors.js";

export interface RuntimeLock {
  release(): void;
}

export function acquireRuntimeLock(dataDir: string): RuntimeLock {
  const file = join(dataDir, "runtime.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), {
        flag: "wx",
      });
      return {
        release() {
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw error;
      }
      const owner = readOwner(file);
      if (owner !== undefined && isAlive(owner)) {
        throw new AccountmeshError(
          "RUNTIME_ALREADY_RUNNING",
          `accountmesh is already running for ${dataDir} (pid ${owner}). Stop it (Ctrl-C in its terminal, or kill ${owner}) or use another --data-dir.`,
          { pid: owner, dataDir },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new AccountmeshError(
    "RUNTIME_LOCK_FAILED",
    `Could not take the runtime lock ${file}; remove it if no accountmesh is running.`,
  );
}

function readOwner(file: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown }).pid;
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
