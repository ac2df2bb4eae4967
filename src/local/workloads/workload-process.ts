// A workload (an ECS task's container, an EC2 instance's service) run as a local child process: the
// command from the image or the instance's unit, the environment it is given, its container ports
// mapped to free loopback ports (port-map-hook.mjs), standard output and error as its log, line by
// line. Start resolves once every container port listens; stop ends the process (SIGTERM, then SIGKILL
// after 5 s, as `docker stop` does).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { AccountmeshError } from "../../shared/errors.js";

const HOOK = new URL("./port-map-hook.mjs", import.meta.url);
const STOP_GRACE_MS = 5_000;

export interface WorkloadSpec {
  /** Names the workload in logs and errors, e.g. `ECS task 161616161616/dognames/3f2a…`. */
  readonly label: string;
  /** Arguments after `node` (the script and its arguments). Only Node.js workloads run natively. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** The process's whole environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** The ports the workload listens on (container ports, the instance's service port). */
  readonly containerPorts: readonly number[];
  /** Each line it writes, prefixed by nothing (the caller prefixes). */
  log(line: string): void;
  /** Start-up limit in ms (default 30 s). */
  readonly startTimeoutMs?: number;
}

export class WorkloadProcess {
  readonly spec: WorkloadSpec;
  #child: ChildProcess | undefined;
  readonly #ports = new Map<number, number>();

  constructor(spec: WorkloadSpec) {
    this.spec = spec;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The loopback port a container port is mapped to, while the process runs. */
  hostPort(containerPort: number): number | undefined {
    return this.running ? this.#ports.get(containerPort) : undefined;
  }

  /** Starts the process; resolves when every container port listens. Throws WORKLOAD_START_FAILED. */
  async start(): Promise<void> {
    if (this.running) return;
    const { spec } = this;
    this.#ports.clear();
    const child = spawn(process.execPath, ["--import", HOOK.href, ...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env, ACCOUNTMESH_CONTAINER_PORTS: JSON.stringify(spec.containerPorts) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.#child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream !== null) createInterface({ input: stream }).on("line", (line) => spec.log(line));
    }
    const waiting = new Set(spec.containerPorts);
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(
          new AccountmeshError(
            "WORKLOAD_START_FAILED",
            `${spec.label} did not start: ${why}. Its log says why.`,
            {
              workload: spec.label,
            },
          ),
        );
      };
      const timer = setTimeout(
        () =>
          fail(
            `ports ${[...waiting].join(", ")} were not listening after ${spec.startTimeoutMs ?? 30_000} ms`,
          ),
        spec.startTimeoutMs ?? 30_000,
      );
      child.on("message", (message: { t?: string; containerPort?: number; hostPort?: number }) => {
        if (
          message.t !== "listening" ||
          message.containerPort === undefined ||
          message.hostPort === undefined
        )
          return;
        this.#ports.set(message.containerPort, message.hostPort);
        waiting.delete(message.containerPort);
        if (waiting.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("error", (error) => fail(error.message));
      child.once("exit", (code, signal) => {
        if (waiting.size > 0) fail(`it exited (${signal ?? `code ${code}`}) before listening`);
        else spec.log(`process exited (${signal ?? `code ${code}`})`);
      });
      if (waiting.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Stops the process (SIGTERM, SIGKILL after 5 s); resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    this.#ports.clear();
  }
}
