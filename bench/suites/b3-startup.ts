// B3: start-up of `accountmesh dev` as a user runs it, in a copy of the working tree (the files git
// tracks or would track: a fresh clone, plus node_modules and the DynamoDB Local jar linked from this
// checkout, i.e. after `npm ci`). Each figure runs from spawning the CLI to the first 200 answer to
// POST /v1/orders through the ALB listener:
// - fresh: no cdk.out, no .accountmesh (synth + first start, engine on disk);
// - restart: the same again with cdk.out unchanged and the data kept;
// - handler edit: the restarted CLI (watch mode on by default), from saving post-order.ts until the
//   new code answers.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { httpsCall, sleep } from "../lib/http.js";
import { ORDER_BODY, ORDERS_HOST, ORDERS_PATH } from "../lib/orders-system.js";
import { PROJECT_ROOT, type Target, waitForReady } from "../lib/processes.js";
import type { BenchContext } from "./context.js";

const EDITED_FILE = "src/handlers/orders/post-order.ts";
const ORIGINAL_MESSAGE = "successfully placed order!";
const EDITED_MESSAGE = "successfully placed order (edited)!";

/** Where a start's time went: node + tsx + CLI until `dev` begins, `dev` until ready, then the first order. */
export interface StartupPhases {
  readonly cliMs: number;
  /** What `dev` reports as "ready in": synth (when needed), engine start, provisioning, servers. */
  readonly devMs: number;
  /** From the ready line to the first 200 order (the function's cold start included). */
  readonly firstOrderMs: number;
}

export interface StartupBenchResult {
  readonly freshMs: number;
  readonly restartMs: number;
  readonly freshPhases: StartupPhases;
  readonly restartPhases: StartupPhases;
  /** undefined when the CLI has no watch mode. */
  readonly handlerEditMs?: number;
  readonly note?: string;
}

export async function runStartupBench(context: BenchContext): Promise<StartupBenchResult> {
  const { log } = context;
  const clone = join(context.workDir, "clone");
  copyWorkingTree(clone);
  const portBase = await freePortBase();

  log("B3: fresh start (synth + provision + first order) ...");
  const fresh = await timeToFirstOrder(clone, portBase);
  await fresh.dev.stop();
  log("B3: restart with cdk.out unchanged ...");
  const restart = await timeToFirstOrder(clone, portBase);
  const figures = {
    freshMs: fresh.ms,
    restartMs: restart.ms,
    freshPhases: fresh.phases,
    restartPhases: restart.phases,
  };
  try {
    // The watch mode is on by default (`--no-watch` turns it off): the restarted CLI is watching.
    if (!readFileSync(join(clone, "src/cli/usage.ts"), "utf8").includes("--no-watch")) {
      return { ...figures, note: "not measured: no watch mode" };
    }
    log("B3: handler edit, until the new code answers ...");
    const file = join(clone, EDITED_FILE);
    const source = readFileSync(file, "utf8");
    if (!source.includes(ORIGINAL_MESSAGE))
      throw new Error(`B3: ${EDITED_FILE} no longer says "${ORIGINAL_MESSAGE}"`);
    await sleep(500);
    const started = performance.now();
    writeFileSync(file, source.replace(ORIGINAL_MESSAGE, EDITED_MESSAGE));
    await untilAnswer(restart.endpoints, (body) => body.includes(EDITED_MESSAGE), 30_000);
    return { ...figures, handlerEditMs: Math.round(performance.now() - started) };
  } finally {
    await restart.dev.stop();
  }
}

/** Tracked and untracked-but-not-ignored files, as a clone would have them; dependencies linked. */
function copyWorkingTree(clone: string): void {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(PROJECT_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(PROJECT_ROOT, file), join(clone, file));
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(clone, "node_modules"));
  mkdirSync(join(clone, ".cache"), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, ".cache", "dynamodb-local"), join(clone, ".cache", "dynamodb-local"));
}

/** `accountmesh dev` as a user starts it (default options, fixed ports), until the first order is placed. */
async function timeToFirstOrder(
  clone: string,
  portBase: number,
): Promise<{ ms: number; phases: StartupPhases; dev: Target<number>; endpoints: EndpointsFile }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "dev", "--stacks", "Orders*", "--port-base", String(portBase)],
    { cwd: clone, env: process.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  // `accountmesh: ready in 1.9 s — ...`: the time `dev` itself took.
  const dev = await waitForReady<number>(child, "accountmesh dev", 180_000, (line) => {
    const seconds = /accountmesh: ready in ([\d.]+) s/.exec(line)?.[1];
    return seconds === undefined ? undefined : Number(seconds) * 1000;
  });
  const readyAt = performance.now();
  try {
    const endpoints = JSON.parse(
      readFileSync(join(clone, ".accountmesh", "endpoints.json"), "utf8"),
    ) as EndpointsFile;
    await untilAnswer(endpoints, () => true, 60_000);
    const done = performance.now();
    const phases = {
      cliMs: Math.max(0, Math.round(readyAt - started - dev.info)),
      devMs: Math.round(dev.info),
      firstOrderMs: Math.round(done - readyAt),
    };
    return { ms: Math.round(done - started), phases, dev, endpoints };
  } catch (error) {
    await dev.stop();
    throw error;
  }
}

/** POSTs an order until a 200 answer's body satisfies `accept`. */
async function untilAnswer(endpoints: EndpointsFile, accept: (body: string) => boolean, timeoutMs: number) {
  const listener = Object.values(endpoints.loadBalancers)
    .map((lb) => lb.listeners["443"])
    .find((url) => url !== undefined);
  if (listener === undefined) throw new Error("B3: no HTTPS listener in endpoints.json");
  const deadline = performance.now() + timeoutMs;
  let last = "";
  while (performance.now() < deadline) {
    try {
      const answer = await httpsCall(`${listener}${ORDERS_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", host: ORDERS_HOST },
        body: ORDER_BODY,
        servername: ORDERS_HOST,
      });
      if (answer.status === 200 && accept(answer.body)) return;
      last = `${answer.status} ${answer.body.slice(0, 200)}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(20);
  }
  throw new Error(`B3: no expected answer within ${timeoutMs} ms; last: ${last}`);
}

/** A port base whose ports (AWS endpoint, entry points, listeners) are free now, below the ephemeral range. */
async function freePortBase(): Promise<number> {
  const { createServer } = await import("node:net");
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 100) * 200;
    const ports = [
      base,
      ...[33, 34, 35, 36, 37].map((n) => base + n),
      ...[134, 135, 136].map((n) => base + n),
    ];
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error("B3: found no free port base");
}
