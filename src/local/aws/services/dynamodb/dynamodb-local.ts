// Launcher for Amazon DynamoDB Local (the jar fetched into .cache/dynamodb-local by
// scripts/setup-dynamodb-local.mjs). Used by the test global setup and, later, the local runtime.
// Never `-sharedDb`: DynamoDB Local keeps one database per access key id + region, which is how
// accounts stay isolated.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export interface DynamoDbLocalOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Keep data in memory only (the default when no dbPath is given). */
  inMemory?: boolean;
  /** Directory for the database files; excludes inMemory. */
  dbPath?: string;
  /** How long to wait for the engine to answer ListTables (default 30 s). */
  startTimeoutMs?: number;
  /** Java executable (default `java` from PATH). */
  javaCommand?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const INSTALL_JAVA =
  "Install Java >= 17 (Debian: apt-get install openjdk-17-jre-headless) and make sure `java` is on PATH.";
const FETCH_JAR =
  "Run `node scripts/setup-dynamodb-local.mjs` in the accountmesh package to fetch DynamoDB Local again (`accountmesh dev` does it on first start).";
const OUTPUT_TAIL_LINES = 20;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;

/** The directory holding DynamoDBLocal.jar: $ACCOUNTMESH_DYNAMODB_LOCAL_DIR, else <package root>/.cache/dynamodb-local. */
export function dynamoDbLocalDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ACCOUNTMESH_DYNAMODB_LOCAL_DIR;
  if (override !== undefined && override.trim() !== "") {
    return resolve(override);
  }
  return join(packageRoot(), ".cache", "dynamodb-local");
}

/** The directory of accountmesh's package.json (the repository, or node_modules/accountmesh). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`accountmesh: cannot find package.json above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (options.inMemory === true && options.dbPath !== undefined) {
    throw new Error("DynamoDB Local: choose either inMemory or dbPath, not both");
  }
  const dir = dynamoDbLocalDir();
  const jar = join(dir, "DynamoDBLocal.jar");
  if (!existsSync(jar)) {
    throw new Error(`DynamoDB Local not found: ${jar} does not exist. ${FETCH_JAR}`);
  }
  const requestedPort = options.port ?? 0;
  const attempts = requestedPort === 0 ? PORT_ATTEMPTS : 1;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = requestedPort === 0 ? await freePort() : requestedPort;
    try {
      return await launch(dir, port, options);
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      // A port picked by us may have been taken in between; try another one.
      if (!(error instanceof PortInUseError)) {
        throw lastError;
      }
    }
  }
  throw lastError ?? new Error("DynamoDB Local: could not start");
}

class PortInUseError extends Error {}

async function launch(dir: string, port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const args = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-jar",
    join(dir, "DynamoDBLocal.jar"),
    "-port",
    String(port),
    "-disableTelemetry",
    ...(options.dbPath !== undefined ? ["-dbPath", options.dbPath] : ["-inMemory"]),
  ];
  const child = spawn(options.javaCommand ?? "java", args, {
    cwd: dir,
    env: { ...process.env, DDB_LOCAL_TELEMETRY: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let reportBindFailure: (error: Error) => void = () => undefined;
  const bindFailure = new Promise<Error>((resolveBind) => {
    reportBindFailure = resolveBind;
  });
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString("utf8");
    output.push(...text.split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_TAIL_LINES));
    // On a taken port the JVM reports the bind failure but keeps running: give up at once.
    if (/Failed to bind|BindException|Address already in use/.test(text)) {
      reportBindFailure(
        new PortInUseError(
          `DynamoDB Local cannot listen on port ${port}: it is already in use. Choose another port (0 picks a free one).`,
        ),
      );
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    // "close", not "exit": it comes after stdout/stderr are drained, so an early exit's report
    // carries the engine's last words (e.g. "Invalid or corrupt jarfile").
    child.once("close", (code, signal) => resolveExit({ code, signal }));
  });
  const spawnError = new Promise<Error>((resolveError) => child.once("error", resolveError));
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      return;
    }
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const failure = Promise.race([
    spawnError.then((error) => describeSpawnError(error, options.javaCommand ?? "java")),
    exited.then(({ code, signal }) => describeEarlyExit(code, signal, output, port, dir)),
    bindFailure,
  ]);
  let settled = false;
  const isRunning = (): boolean =>
    !settled && child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const ready = waitUntilReady(endpoint, options.startTimeoutMs ?? 30_000, isRunning);
  const outcome = await Promise.race([ready, failure]);
  if (outcome === "ready") {
    return { endpoint, port, stop };
  }
  settled = true; // ends the readiness poll
  if (outcome === "exited") {
    // The exit handler's description is the informative one.
    throw await failure;
  }
  await stop();
  if (outcome === "timeout") {
    throw new Error(
      `DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30_000} ms. ` +
        `Last output:\n${output.join("\n") || "(none)"}\nCheck that Java >= 17 works (java -version) and that the machine has ~300 MB free.`,
    );
  }
  throw outcome;
}

function describeSpawnError(error: Error, javaCommand: string): Error {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") {
    return new Error(`DynamoDB Local needs Java, but \`${javaCommand}\` was not found. ${INSTALL_JAVA}`, {
      cause: error,
    });
  }
  return new Error(`DynamoDB Local: could not run \`${javaCommand}\`: ${error.message}. ${INSTALL_JAVA}`, {
    cause: error,
  });
}

function describeEarlyExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  output: readonly string[],
  port: number,
  dir: string,
): Error {
  const text = output.join("\n");
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
  if (/address already in use|BindException|Failed to bind/i.test(text)) {
    return new PortInUseError(
      `DynamoDB Local ${how}: port ${port} is already in use. Choose another port (0 picks a free one).`,
    );
  }
  const hint =
    /Invalid or corrupt jarfile|Unable to access jarfile|ClassNotFoundException|NoClassDefFoundError/i.test(
      text,
    )
      ? `The DynamoDB Local files in ${dir} look damaged: delete that directory, then ${FETCH_JAR.charAt(0).toLowerCase()}${FETCH_JAR.slice(1)}`
      : `${INSTALL_JAVA} ${FETCH_JAR}`;
  return new Error(`DynamoDB Local ${how} before it was ready. Output:\n${text || "(none)"}\n${hint}`);
}

async function waitUntilReady(
  endpoint: string,
  timeoutMs: number,
  isRunning: () => boolean,
): Promise<"ready" | "timeout" | "exited"> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "accountmeshprobe", secretAccessKey: "accountmeshprobe" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (!isRunning()) {
        return "exited";
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return "ready";
      } catch {
        await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
      }
    }
    return "timeout";
  } finally {
    client.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
