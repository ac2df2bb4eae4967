// One runtime per data directory, held by the kernel: the owner listens on a Unix domain socket
// named after the data directory. The kernel closes it the moment the owner dies — kill -9, a crash,
// a zombie not yet reaped by its parent — so a restart after any crash needs no clean-up, and a pid
// reused by another program means nothing. A second `accountmesh dev` connects instead, and the
// owner answers with its pid for the message.
//
// On Linux the socket lives in the abstract namespace (no file, nothing left behind); elsewhere it
// is a socket file in the temporary directory, and a file nobody listens on is stale and replaced.
// `runtime.lock` in the data directory only tells people who runs there; it decides nothing.
import { createHash } from "node:crypto";
import { readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AccountmeshError } from "../shared/errors.js";

export interface RuntimeLock {
  /** Gives the data directory up (closes the socket, removes runtime.lock). */
  release(): Promise<void>;
}

export interface RuntimeLockOptions {
  /** Where the lock socket listens. Default: {@link lockAddress} of the data directory. */
  readonly address?: string;
  /** How long to keep asking an owner that holds the socket but does not answer (ms). Default 2000. */
  readonly ownerTimeoutMs?: number;
}

interface Owner {
  readonly pid?: number;
  readonly startedAt?: string;
}

/**
 * The socket address of a data directory's lock: `\0accountmesh-runtime-<sha256 of its real path>`
 * (Linux abstract namespace), else `<tmpdir>/accountmesh-<hash>.sock`.
 */
export function lockAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash("sha256")
    .update(realpathSync(resolve(dataDir)))
    .digest("hex");
  return platform === "linux"
    ? `\0accountmesh-runtime-${hash}`
    : join(tmpdir(), `accountmesh-${hash.slice(0, 24)}.sock`);
}

/**
 * Takes the data directory for this process. Throws RUNTIME_ALREADY_RUNNING (with the owner's pid)
 * while another live process holds it, RUNTIME_LOCK_FAILED when the socket cannot be created.
 * The data directory must exist.
 */
export async function acquireRuntimeLock(
  dataDir: string,
  options: RuntimeLockOptions = {},
): Promise<RuntimeLock> {
  const address = options.address ?? lockAddress(dataDir);
  const file = join(dataDir, "runtime.lock");
  const me: Owner = { pid: process.pid, startedAt: new Date().toISOString() };
  const deadline = Date.now() + (options.ownerTimeoutMs ?? 2000);
  for (;;) {
    const server = createServer((socket) => {
      socket.on("error", () => socket.destroy());
      socket.end(JSON.stringify(me));
    });
    if ((await listenOn(server, address)) === "listening") {
      server.unref(); // the lock never keeps the process alive; it dies with it
      writeFileSync(file, JSON.stringify(me));
      return {
        release: async () => {
          rmSync(file, { force: true });
          await new Promise<void>((done) => server.close(() => done()));
        },
      };
    }
    // A process being torn down (its threads still exiting) may still hold the socket and never
    // answer: ask briefly, and again until the deadline.
    const owner = await askOwner(address, 250);
    if (owner !== "gone" && owner !== "silent") throw alreadyRunning(dataDir, owner.pid);
    if (owner === "gone" && !address.startsWith("\0")) {
      rmSync(address, { force: true }); // a socket file nobody listens on (no abstract sockets here)
    }
    if (Date.now() > deadline) {
      if (owner === "silent") throw alreadyRunning(dataDir, readOwner(file).pid);
      throw new AccountmeshError(
        "RUNTIME_LOCK_FAILED",
        `Could not take the runtime lock of ${dataDir} (${printable(address)}); is another accountmesh starting there?`,
        { dataDir },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function alreadyRunning(dataDir: string, pid: number | undefined): AccountmeshError {
  const named = pid ?? "unknown";
  return new AccountmeshError(
    "RUNTIME_ALREADY_RUNNING",
    `accountmesh is already running for ${dataDir} (pid ${named}). Stop it (Ctrl-C in its terminal, or kill ${named}) or use another --data-dir.`,
    { pid, dataDir },
  );
}

function listenOn(server: Server, address: string): Promise<"listening" | "in use"> {
  return new Promise((done, fail) => {
    server.once("listening", () => done("listening"));
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") done("in use");
      else
        fail(
          new AccountmeshError(
            "RUNTIME_LOCK_FAILED",
            `Could not create the runtime lock socket ${printable(address)}: ${error.message}`,
          ),
        );
    });
    server.listen(address);
  });
}

/** The live owner's answer; `gone` when nobody listens; `silent` when nobody answers in time. */
function askOwner(address: string, timeoutMs: number): Promise<Owner | "gone" | "silent"> {
  return new Promise((done) => {
    const socket = connect(address);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish("silent"), timeoutMs);
    const finish = (result: Owner | "gone" | "silent") => {
      clearTimeout(timer);
      socket.destroy();
      done(result);
    };
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish(parseOwner(Buffer.concat(chunks).toString("utf8"))));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      finish(error.code === "ECONNREFUSED" || error.code === "ENOENT" ? "gone" : "silent"),
    );
  });
}

function readOwner(file: string): Owner {
  try {
    return parseOwner(readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

function parseOwner(text: string): Owner {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; startedAt?: unknown };
    return {
      ...(typeof parsed.pid === "number" ? { pid: parsed.pid } : {}),
      ...(typeof parsed.startedAt === "string" ? { startedAt: parsed.startedAt } : {}),
    };
  } catch {
    return {};
  }
}

function printable(address: string): string {
  return address.startsWith("\0") ? `@${address.slice(1)}` : address;
}
