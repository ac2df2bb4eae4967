// `accountmesh` as a child process, the way a user runs it: its output collected, a line awaited, its
// exit awaited, and the DynamoDB Local process it started (found by the port it printed).
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";

export type CliProcess = ChildProcessByStdio<null, Readable, Readable> & { out: string; err: string };

/** Starts `command args` in `cwd` with stdout and stderr collected. */
export function startCli(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): CliProcess {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] }) as CliProcess;
  child.out = "";
  child.err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    child.out += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    child.err += chunk.toString("utf8");
  });
  return child;
}

export function exited(child: CliProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve([child.exitCode, child.signalCode]);
  }
  return once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
}

/** Resolves with the first output line matching `pattern`; rejects if the process exits first. */
export function lineMatching(child: CliProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = child.out.split("\n").find((l) => pattern.test(l));
      if (line !== undefined) {
        child.stdout.off("data", check);
        resolve(line);
      }
    };
    child.stdout.on("data", check);
    check();
    exited(child).then(([code, signal]) =>
      reject(new Error(`the CLI exited (${code ?? signal}) before ${pattern}:\n${child.out}\n${child.err}`)),
    );
  });
}

/** Pids of running DynamoDB Local processes listening on `port` (from their command line). */
export function dynamoDbLocalOnPort(port: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const at = cmdline.indexOf("-port");
      if (cmdline.some((part) => part.endsWith("DynamoDBLocal.jar")) && cmdline[at + 1] === port) {
        pids.push(Number(entry));
      }
    } catch {
      // the process ended while we listed /proc
    }
  }
  return pids;
}

/** The port of the DynamoDB Local a CLI run printed (`DynamoDB Local started at http://127.0.0.1:<port>`). */
export function printedDynamoDbPort(output: string): string | undefined {
  return /DynamoDB Local started at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
}
