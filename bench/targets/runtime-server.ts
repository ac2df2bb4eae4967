// Child process under test: the local runtime serving a cloud assembly. Prints one JSON line
// `{"ready":...}` on stdout with the endpoints and the engine (DynamoDB Local) it started, then runs
// until SIGTERM. Argv: <assemblyDir> <dataDir> [--in-memory] [--stacks <pattern,...>]. Env: BENCH_FUNCTION_LOG=1 prints the
// functions' log lines on stderr; BENCH_WORKER_PROFILE_DIR=<dir> profiles the function workers.
import { readdirSync, readFileSync } from "node:fs";
import { startRuntime } from "../../src/local/runtime.js";
import { profileWorkers } from "./worker-profiler.js";

const [assemblyDir, dataDir, ...flags] = process.argv.slice(2);
if (assemblyDir === undefined || dataDir === undefined) {
  throw new Error("usage: runtime-server.ts <assemblyDir> <dataDir> [--in-memory]");
}
const workerProfileDir = process.env.BENCH_WORKER_PROFILE_DIR;
const workerProfiler = workerProfileDir === undefined ? undefined : profileWorkers(workerProfileDir);
const started = performance.now();
const system = await startRuntime({
  assemblyDir,
  dataDir,
  inMemory: flags.includes("--in-memory"),
  ...(flags.includes("--stacks") ? { stacks: (flags[flags.indexOf("--stacks") + 1] ?? "").split(",") } : {}),
  portBase: 0,
  log: () => {},
  functionLog:
    process.env.BENCH_FUNCTION_LOG === "1" ? (line) => process.stderr.write(`${line}\n`) : () => {},
});
const engine = findEngine();
process.stdout.write(
  `${JSON.stringify({ ready: true, startMs: performance.now() - started, endpoints: system.endpoints, engine })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await workerProfiler?.stop();
  await system.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

/** The DynamoDB Local process the runtime started: a java child of this process, with its port. */
function findEngine(): { pid: number; endpoint: string } | undefined {
  for (const task of readdirSync("/proc/self/task")) {
    const children = readFileSync(`/proc/self/task/${task}/children`, "utf8").trim().split(/\s+/);
    for (const child of children.filter(Boolean)) {
      const args = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
      const portAt = args.indexOf("-port");
      if (args.some((a) => a.endsWith("DynamoDBLocal.jar")) && portAt >= 0) {
        return { pid: Number(child), endpoint: `http://127.0.0.1:${args[portAt + 1]}` };
      }
    }
  }
  return undefined;
}
