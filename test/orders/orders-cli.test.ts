// `accountmesh dev` as a user runs it: a child process that prints its entry points and one `ready`
// line, serves the seed's request, refuses a second instance on the same data directory, and stops
// everything (the DynamoDB Local java process included) on Ctrl-C.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { curl, jsonOf } from "../support/curl.js";
import { freshDataDir, PROJECT_ROOT, serviceUrl } from "../support/orders-system.js";

type Cli = ChildProcessByStdio<null, Readable, Readable> & { out: string; err: string };

const dataDir = freshDataDir();
// Below Linux's ephemeral range (32768+), where the other test files' free ports come from.
const portBase = 20_000 + Math.floor(Math.random() * 12) * 1000;
const started: Cli[] = [];

function dev(command: string, prefix: readonly string[]): Cli {
  const args = [
    ...prefix,
    "src/cli/main.ts",
    "dev",
    "--no-synth",
    "--stacks",
    "Orders*",
    "--port-base",
    String(portBase),
  ];
  const child = spawn(command, [...args, "--data-dir", dataDir, "--in-memory"], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  }) as Cli;
  child.out = "";
  child.err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    child.out += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    child.err += chunk.toString("utf8");
  });
  started.push(child);
  return child;
}

function exited(child: Cli): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve([child.exitCode, child.signalCode]);
  }
  return once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
}

/** Resolves when the output has a line matching `pattern`; rejects if the process exits first. */
function lineMatching(child: Cli, pattern: RegExp): Promise<string> {
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
      reject(
        new Error(
          `accountmesh dev exited (${code ?? signal}) before ${pattern}:\n${child.out}\n${child.err}`,
        ),
      ),
    );
  });
}

/** Descendants of `pid` (by /proc parent links) whose command line contains `needle`. */
function descendantsRunning(pid: number, needle: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we listed /proc
    }
  }
  const isDescendant = (candidate: number): boolean => {
    for (let p = parents.get(candidate); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === pid) return true;
    }
    return false;
  };
  return [...parents.keys()].filter((candidate) => {
    if (!isDescendant(candidate)) return false;
    try {
      return readFileSync(`/proc/${candidate}/cmdline`, "utf8").includes(needle);
    } catch {
      return false;
    }
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("9. accountmesh dev", () => {
  let first: Cli;
  let consumerProxy: string;

  it("prints its entry points and a ready line, and writes endpoints.json", async () => {
    const t0 = Date.now();
    // tsx directly (what `npx tsx` resolves to): a SIGINT sent to `npx` alone is not passed on by npm.
    first = dev(join(PROJECT_ROOT, "node_modules/.bin/tsx"), []);
    const ready = await lineMatching(first, /ready/);
    console.log(
      `orders-cli: accountmesh dev printed "${ready.trim()}" after ${Date.now() - t0} ms (measured)`,
    );

    const endpointsFile = join(dataDir, "endpoints.json");
    expect(existsSync(endpointsFile)).toBe(true);
    const endpoints = JSON.parse(readFileSync(endpointsFile, "utf8")) as EndpointsFile;
    expect(endpoints.aws).toBe(`http://127.0.0.1:${portBase}`);
    // The orders system's three VPCs (the directory system's run beside them).
    expect(
      Object.keys(endpoints.vpcs).filter((name) => /^(111111111111|222222222222|333333333333)\//.test(name)),
    ).toHaveLength(3);
    for (const vpc of Object.values(endpoints.vpcs)) expect(vpc.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints.internet).toBe(`http://127.0.0.1:${portBase + 33}`);
    const printed = /^\s*VPC 111111111111\/OrdersConsumer\/\S+\s+proxy (http:\/\/\S+)\s*$/m.exec(
      first.out,
    )?.[1];
    const consumerVpc = Object.entries(endpoints.vpcs).find(([name]) => name.startsWith("111111111111/"));
    expect(printed).toBeDefined();
    expect(printed).toBe(consumerVpc?.[1].proxy);
    consumerProxy = printed ?? "";
  }, 120_000);

  it("serves the seed's order through the printed consumer proxy", async () => {
    const order = await curl(
      [
        "-k",
        "-X",
        "POST",
        serviceUrl("food"),
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"fullName":"Max Mustermann", "food":"hamburger"}',
      ],
      { proxy: consumerProxy },
    );
    expect(order.status, order.body).toBe(200);
    expect((jsonOf(order) as { order: { food: string } }).order.food).toBe("hamburger");
  });

  it("refuses a second instance on the same data directory: non-zero exit, one clear line", async () => {
    const second = dev("npx", ["tsx"]);
    const [code] = await exited(second);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(second.err).toContain("already running");
    expect(second.err).toContain("RUNTIME_ALREADY_RUNNING");
    expect(second.err).not.toMatch(/\n\s+at /);
    expect(`${second.out}${second.err}`).not.toContain("EADDRINUSE");
    expect(existsSync(join(dataDir, "runtime.lock"))).toBe(true);
    const stillServing = await curl(["-k", serviceUrl("food", "/v1/orders?limit=1")], {
      proxy: consumerProxy,
    });
    expect(stillServing.status).toBe(200);
  }, 120_000);

  it("stops on SIGINT with exit code 0, its DynamoDB Local java process gone", async () => {
    const [java, ...others] = descendantsRunning(first.pid ?? -1, "DynamoDBLocal.jar");
    expect(java, "the DynamoDB Local java process of accountmesh dev").toBeDefined();
    expect(others).toEqual([]);
    first.kill("SIGINT");
    const [code, signal] = await exited(first);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(first.out).toContain("accountmesh: stopped");
    expect(isRunning(java ?? -1)).toBe(false);
    expect(existsSync(join(dataDir, "runtime.lock"))).toBe(false);
  }, 120_000);
});
