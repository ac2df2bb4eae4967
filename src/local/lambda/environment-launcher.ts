// Starts the execution environments of one function, whatever its runtime: the environment variables
// Lambda gives (lambda-environment.ts, with the runtime's own defaults and the layers' /opt), then a
// worker thread (Node.js), a process speaking the Runtime API (Python, custom runtimes) or, for a
// runtime this machine cannot run, an environment whose init fails as Lambda's does.
import { randomBytes } from "node:crypto";
import type { AwsCredentials } from "../iam/types.js";
import type { EnvironmentOptions, ExecutionEnvironment, InitOutcome } from "./execution-environment.js";
import {
  lambdaEnvironment,
  newLogStreamName,
  type WorkerNodeOptions,
  workerNodeOptions,
} from "./lambda-environment.js";
import type { RuntimeLaunch } from "./lambda-runtimes.js";
import { ProcessEnvironment } from "./process-environment.js";
import type { FunctionRuntimeBindings, FunctionSpec } from "./types.js";
import { WorkerEnvironment } from "./worker-environment.js";

/** What the pool gives each environment it starts (the environment variables are the launcher's). */
export type SpawnOptions = Omit<EnvironmentOptions, "env" | "memoryMb">;

export interface Spawned {
  readonly environment: ExecutionEnvironment;
  /** Credentials the environment was started with (the pool retires it before they expire). */
  readonly credentials: AwsCredentials;
}

/** An environment whose init fails at once: a runtime this machine cannot run, a missing bootstrap. */
class FailedEnvironment implements ExecutionEnvironment {
  readonly isReady = false;
  readonly ended = true;
  readonly maxMemoryUsedMb = 0;
  readonly ready: Promise<InitOutcome>;
  constructor(
    readonly generation: number,
    errorType: string,
    errorMessage: string,
  ) {
    this.ready = Promise.resolve({ ok: false, errorType, errorMessage });
  }
  takeInitDuration(): undefined {
    return undefined;
  }
  run(): never {
    throw new Error("an environment whose init failed cannot run an invocation");
  }
  async terminate(): Promise<void> {}
}

/** A trace header as Lambda passes it (`_X_AMZN_TRACE_ID`, Lambda-Runtime-Trace-Id). */
export function newTraceId(now: number = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, "0");
  return `Root=1-${epoch}-${randomBytes(12).toString("hex")};Parent=${randomBytes(8).toString("hex")};Sampled=0`;
}

export class EnvironmentLauncher {
  readonly #spec: FunctionSpec;
  readonly #bindings: FunctionRuntimeBindings;
  readonly #launch: RuntimeLaunch;
  readonly #log: (line: string) => void;
  #nodeOptions: WorkerNodeOptions;
  /** Flags Node refused even in a worker's NODE_OPTIONS variable: left out of it for later workers too. */
  readonly #rejectedFlags = new Set<string>();

  /** `log` receives the launcher's own notes (flags a worker cannot apply). */
  constructor(
    spec: FunctionSpec,
    bindings: FunctionRuntimeBindings,
    launch: RuntimeLaunch,
    log: (line: string) => void,
  ) {
    this.#spec = spec;
    this.#bindings = bindings;
    this.#launch = launch;
    this.#log = log;
    this.#nodeOptions = workerNodeOptions(spec.environment.NODE_OPTIONS);
  }

  spawn(options: SpawnOptions): Spawned {
    const spec = this.#spec;
    const bindings = this.#bindings;
    const launch = this.#launch;
    const credentials = bindings.credentialsFor(spec.roleArn, spec.name);
    if (launch.kind === "unavailable") {
      const environment = new FailedEnvironment(options.generation, launch.errorType, launch.errorMessage);
      return { environment, credentials };
    }
    const proxyUrl = spec.vpcId === undefined ? undefined : bindings.proxyUrlFor(spec.vpcId);
    const env = lambdaEnvironment({
      spec,
      credentials,
      awsEndpointUrl: bindings.awsEndpointUrl,
      logStreamName: newLogStreamName(),
      runtimeVariables: launch.variables,
      ...(proxyUrl === undefined ? {} : { proxyUrl }),
    });
    const common = { ...options, env, memoryMb: spec.memoryMb };
    if (launch.kind === "process") {
      const environment = new ProcessEnvironment({
        ...common,
        functionArn: spec.arn,
        command: launch.command,
        args: launch.args,
        cwd: spec.codeDir,
        entrypoint: launch.entrypoint,
      });
      return { environment, credentials };
    }
    return { environment: this.#worker(common), credentials };
  }

  #worker(common: EnvironmentOptions): ExecutionEnvironment {
    const options = {
      ...common,
      functionArn: this.#spec.arn,
      env: this.#rejectedFlags.size === 0 ? common.env : withoutNodeOptions(common.env, this.#rejectedFlags),
      nodeOptions: this.#nodeOptions,
    };
    try {
      return new WorkerEnvironment(options);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
      // Per-process flags (V8 flags, --title, ...): Node names them after "flags: ".
      const named = new Set((message ?? "").split("flags: ")[1]?.split(", ") ?? []);
      const rejected = named.size === 0 ? new Set(this.#nodeOptions.execArgv) : named;
      const execArgv = this.#nodeOptions.execArgv.filter((flag) => !rejected.has(flag));
      this.#log(`NODE_OPTIONS flags a worker thread cannot apply are ignored: ${[...rejected].join(" ")}`);
      this.#nodeOptions = { ...this.#nodeOptions, execArgv };
      // Node also validates the worker's NODE_OPTIONS variable: drop the same flags there.
      try {
        return new WorkerEnvironment({ ...options, nodeOptions: this.#nodeOptions });
      } catch (again) {
        // Some flags (e.g. --title) Node also refuses in a worker's NODE_OPTIONS variable: only
        // then does the function see NODE_OPTIONS without them.
        if (!String((again as Error).message).includes("NODE_OPTIONS")) throw again;
        for (const flag of rejected) this.#rejectedFlags.add(flag);
        return new WorkerEnvironment({
          ...options,
          env: withoutNodeOptions(common.env, this.#rejectedFlags),
          nodeOptions: this.#nodeOptions,
        });
      }
    }
  }
}

function withoutNodeOptions(
  env: Readonly<Record<string, string>>,
  rejected: ReadonlySet<string>,
): Record<string, string> {
  const value = env.NODE_OPTIONS;
  if (value === undefined) return { ...env };
  const kept = value.split(/\s+/).filter((flag) => flag !== "" && !rejected.has(flag));
  return { ...env, NODE_OPTIONS: kept.join(" ") };
}
