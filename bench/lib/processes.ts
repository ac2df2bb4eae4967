// Systems under test run in child processes, so the load generator (this process) never shares an
// event loop with them and each one's memory can be read from /proc. A target script prints one JSON
// line containing `"ready":true` on stdout when it serves; everything else it prints is kept as a
// tail for error messages.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const live = new Set<ChildProcess>();

/** SIGTERM to every child still running (the runtime stops its engine on SIGTERM): bench exit paths. */
export function stopAllTargets(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  }
  live.clear();
}

export interface Target<Info> {
  readonly pid: number;
  readonly info: Info;
  readonly child: ChildProcess;
  /** Output lines seen so far (last 200). */
  readonly output: readonly string[];
  stop(): Promise<void>;
}

export interface SpawnOptions {
  readonly args?: readonly string[];
  /** Node flags before the script (e.g. --cpu-prof). tsx is always loaded. */
  readonly nodeFlags?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly readyTimeoutMs?: number;
}

/** Starts `node --import tsx <script>` and resolves with its JSON ready line. */
export function spawnTarget<Info>(script: string, options: SpawnOptions = {}): Promise<Target<Info>> {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), "--import", "tsx", "--no-warnings", script, ...(options.args ?? [])],
    {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return waitForReady<Info>(child, script, options.readyTimeoutMs ?? 120_000, jsonReadyLine);
}

function jsonReadyLine<Info>(line: string): Info | undefined {
  return line.includes('"ready":true') ? (JSON.parse(line.slice(line.indexOf("{"))) as Info) : undefined;
}

/** Resolves once `readyWhen` recognises a line of the child's standard output. */
export function waitForReady<Info>(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  readyWhen: (line: string) => Info | undefined,
): Promise<Target<Info>> {
  const output: string[] = [];
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      live.delete(child);
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${what} was not ready within ${timeoutMs} ms:\n${output.slice(-30).join("\n")}`));
    }, timeoutMs);
    let settled = false;
    const onLine = (line: string): boolean => {
      if (settled) return false;
      output.push(line);
      output.splice(0, Math.max(0, output.length - 200));
      const info = readyWhen(line);
      if (info === undefined) return true;
      settled = true;
      clearTimeout(timer);
      resolve({ pid: child.pid ?? 0, info, child, output, stop });
      return false;
    };
    // After the ready line, standard output (function logs) is drained unread.
    lines(child.stdout, onLine);
    // Standard error is read to the end (errors), and may carry the ready line too (serverless).
    lines(child.stderr, (line) => {
      if (!settled) return onLine(line) || true;
      output.push(line);
      output.splice(0, Math.max(0, output.length - 200));
      return true;
    });
    child.once("exit", (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(
        new Error(`${what} exited (${code ?? signal}) before it was ready:\n${output.slice(-30).join("\n")}`),
      );
    });
  });
}

/** Calls `onLine` per line until it returns false; from then on the stream is drained unread. */
function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => boolean | undefined): void {
  let pending = "";
  const onData = (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    let at = pending.indexOf("\n");
    while (at >= 0) {
      if (onLine(pending.slice(0, at)) === false) {
        stream?.off("data", onData);
        stream?.resume();
        return;
      }
      pending = pending.slice(at + 1);
      at = pending.indexOf("\n");
    }
  };
  stream?.on("data", onData);
}

export interface Memory {
  /** Resident set now, MB. */
  readonly rssMb: number;
  /** Peak resident set since the process started (VmHWM), MB. */
  readonly peakMb: number;
}

/** RSS of a process from /proc (Linux). */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

/** Samples RSS every `intervalMs` while running; `stop()` gives the highest sample (MB). */
export function sampleMemory(pid: number, intervalMs = 250): { stop(): number } {
  let highest = 0;
  const take = () => {
    try {
      highest = Math.max(highest, memoryOf(pid).rssMb);
    } catch {
      // the process ended
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return highest;
    },
  };
}

/** Direct children of a process (from /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (text !== "") pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}

/** CPU time (user + system) of a process so far, in ms: its main thread and all its other threads. */
export function cpuTimeOf(pid: number): { readonly mainMs: number; readonly otherThreadsMs: number } {
  let mainMs = 0;
  let otherThreadsMs = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
    } catch {
      continue; // the thread ended
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of stat) in clock ticks of 10 ms (USER_HZ = 100 on Linux).
    const ms = (Number(fields[11]) + Number(fields[12])) * 10;
    if (task === String(pid)) mainMs += ms;
    else otherThreadsMs += ms;
  }
  return { mainMs, otherThreadsMs };
}
