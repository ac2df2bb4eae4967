// The execution environments of one function: warm ones are reused, one invocation each at a time;
// more are started for concurrent invocations up to the function's reserved concurrency (beyond it
// Lambda throttles, 429 TooManyRequestsException) or the host's per-function cap (beyond it
// invocations wait in a bounded queue: AWS would scale further, so waiting is the faithful answer).
import { performance } from "node:perf_hooks";
import { CredentialLifetimes } from "./credential-lifetimes.js";
import { ExecutionEnvironment, type RunOutcome } from "./execution-environment.js";
import {
  lambdaEnvironment,
  newLogStreamName,
  type WorkerNodeOptions,
  workerNodeOptions,
} from "./lambda-environment.js";
import { endLine, reportLine, startLine, timeoutLine } from "./lambda-log.js";
import type { ProcessWarning } from "./process-warnings.js";
import type { FunctionRuntimeBindings, FunctionSpec, InvokeResult } from "./types.js";

/** Lambda's limit on the init phase of an on-demand execution environment. */
const INIT_LIMIT_MS = 10_000;

export interface PoolSettings {
  readonly bindings: FunctionRuntimeBindings;
  /** One line at a time, already prefixed with the function name. */
  readonly log: (line: string) => void;
  /** A process warning of an environment of the function named. */
  readonly warn: (warning: ProcessWarning, functionName: string) => void;
  /** Execution environments per function (reserved concurrency can only lower it). */
  readonly maxConcurrency: number;
  /** Invocations that may wait for an environment before the pool answers `throttled`. */
  readonly maxQueue: number;
}

type Waiter = (environment: ExecutionEnvironment | undefined) => void;

export class FunctionPool {
  readonly spec: FunctionSpec;
  readonly #settings: PoolSettings;
  readonly #prefix: string;
  readonly #capacity: number;
  readonly #idle: ExecutionEnvironment[] = [];
  readonly #all = new Set<ExecutionEnvironment>();
  readonly #credentials = new CredentialLifetimes<ExecutionEnvironment>();
  #waiters: Waiter[] = [];
  #inFlight = 0;
  #generation = 0;
  #stopped = false;
  #nodeOptions: WorkerNodeOptions;
  /** Flags Node refused even in a worker's NODE_OPTIONS variable: left out of it for later workers too. */
  readonly #rejectedFlags = new Set<string>();

  constructor(spec: FunctionSpec, settings: PoolSettings) {
    this.spec = spec;
    this.#settings = settings;
    this.#prefix = `[${spec.name}] `;
    this.#capacity = Math.min(spec.reservedConcurrency ?? Number.POSITIVE_INFINITY, settings.maxConcurrency);
    this.#nodeOptions = workerNodeOptions(spec.environment.NODE_OPTIONS);
  }

  /** Runs one invocation; `payload` is the event as JSON text. */
  async invoke(payload: string, requestId: string): Promise<InvokeResult<string>> {
    const reserved = this.spec.reservedConcurrency;
    if (this.#stopped || (reserved !== undefined && this.#inFlight >= reserved)) {
      return { kind: "throttled", requestId };
    }
    let environment = this.#takeIdle();
    if (environment === undefined && this.#all.size < this.#capacity) {
      environment = this.#spawn();
    }
    if (environment === undefined && this.#waiters.length >= this.#settings.maxQueue) {
      return { kind: "throttled", requestId };
    }
    this.#inFlight++;
    try {
      environment ??= await new Promise<ExecutionEnvironment | undefined>((resolve) =>
        this.#waiters.push(resolve),
      );
      if (environment === undefined) {
        return { kind: "throttled", requestId };
      }
      return await this.#run(environment, payload, requestId);
    } finally {
      this.#inFlight--;
    }
  }

  /** A warm environment whose credentials outlast an invocation; those that would not are retired. */
  #takeIdle(): ExecutionEnvironment | undefined {
    for (let environment = this.#idle.pop(); environment !== undefined; environment = this.#idle.pop()) {
      if (!this.#credentials.expiring(environment, this.spec.timeoutSeconds)) return environment;
      this.#discard(environment);
    }
    return undefined;
  }

  /** Retires every environment: idle ones now, busy ones when their invocation ends. */
  reload(): void {
    this.#generation++;
    for (const environment of this.#idle.splice(0)) {
      this.#discard(environment);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const waiter of this.#waiters.splice(0)) {
      waiter(undefined);
    }
    this.#idle.length = 0;
    const ending = [...this.#all].map((environment) => environment.terminate("the Lambda host stopped"));
    this.#all.clear();
    await Promise.all(ending);
  }

  async #run(
    environment: ExecutionEnvironment,
    payload: string,
    requestId: string,
  ): Promise<InvokeResult<string>> {
    if (!environment.isReady) {
      const init = await withLimit(environment.ready, INIT_LIMIT_MS);
      if (init === "timeout" || !init.ok) {
        this.#discard(environment);
        this.#log(startLine(requestId));
        this.#log(endLine(requestId));
        const errorType = init === "timeout" ? "Runtime.InitTimeout" : init.errorType;
        this.#log(this.#report(environment, requestId, 0, "error", errorType));
        return init === "timeout"
          ? { kind: "timeout", requestId, durationMs: INIT_LIMIT_MS }
          : {
              kind: "error",
              errorType: init.errorType,
              errorMessage: init.errorMessage,
              requestId,
              durationMs: 0,
            };
      }
    }
    this.#log(startLine(requestId));
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const started = performance.now();
    const outcome = await withLimit(environment.run(requestId, payload, Date.now() + timeoutMs), timeoutMs);
    const durationMs = performance.now() - started;
    if (outcome === "timeout") {
      this.#log(timeoutLine(requestId, this.spec.timeoutSeconds));
      this.#discard(environment);
      this.#log(endLine(requestId));
      this.#log(this.#report(environment, requestId, durationMs, "timeout"));
      return { kind: "timeout", requestId, durationMs };
    }
    return this.#finish(environment, outcome, requestId, durationMs);
  }

  #finish(
    environment: ExecutionEnvironment,
    outcome: RunOutcome,
    requestId: string,
    durationMs: number,
  ): InvokeResult<string> {
    this.#log(endLine(requestId));
    if (outcome.kind === "success") {
      this.#log(this.#report(environment, requestId, durationMs));
      this.#release(environment);
      return { kind: "success", payload: outcome.payload, requestId, durationMs };
    }
    if (outcome.fatal) {
      this.#log(this.#report(environment, requestId, durationMs, "error", outcome.errorType));
      this.#discard(environment);
    } else {
      this.#log(this.#report(environment, requestId, durationMs));
      this.#release(environment);
    }
    const { errorType, errorMessage } = outcome;
    return { kind: "error", errorType, errorMessage, requestId, durationMs };
  }

  #report(
    environment: ExecutionEnvironment,
    requestId: string,
    durationMs: number,
    status?: "timeout" | "error",
    errorType?: string,
  ): string {
    const initDurationMs = environment.takeInitDuration();
    return reportLine({
      requestId,
      durationMs,
      memoryMb: this.spec.memoryMb,
      maxMemoryUsedMb: environment.maxMemoryUsedMb,
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
      ...(status === undefined ? {} : { status }),
      ...(errorType === undefined ? {} : { errorType }),
    });
  }

  #spawn(): ExecutionEnvironment {
    const { bindings } = this.#settings;
    const spec = this.spec;
    const proxyUrl = spec.vpcId === undefined ? undefined : bindings.proxyUrlFor(spec.vpcId);
    const credentials = bindings.credentialsFor(spec.roleArn, spec.name);
    const env = lambdaEnvironment({
      spec,
      credentials,
      awsEndpointUrl: bindings.awsEndpointUrl,
      logStreamName: newLogStreamName(),
      ...(proxyUrl === undefined ? {} : { proxyUrl }),
    });
    const options = {
      functionArn: spec.arn,
      env: this.#rejectedFlags.size === 0 ? env : withoutNodeOptions(env, this.#rejectedFlags),
      nodeOptions: this.#nodeOptions,
      memoryMb: spec.memoryMb,
      generation: this.#generation,
      onLines: (lines: readonly string[]) => {
        for (const line of lines) {
          this.#log(line);
        }
      },
      onWarning: (warning: ProcessWarning) => this.#settings.warn(warning, spec.name),
      onEnded: (environment: ExecutionEnvironment) => this.#discard(environment),
    };
    let environment: ExecutionEnvironment;
    try {
      environment = new ExecutionEnvironment(options);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (code !== "ERR_WORKER_INVALID_EXEC_ARGV") {
        throw error;
      }
      // Per-process flags (V8 flags, --title, ...): Node names them after "flags: ".
      const named = new Set((message ?? "").split("flags: ")[1]?.split(", ") ?? []);
      const rejected = named.size === 0 ? new Set(this.#nodeOptions.execArgv) : named;
      const execArgv = this.#nodeOptions.execArgv.filter((flag) => !rejected.has(flag));
      this.#log(`NODE_OPTIONS flags a worker thread cannot apply are ignored: ${[...rejected].join(" ")}`);
      this.#nodeOptions = { ...this.#nodeOptions, execArgv };
      // Node also validates the worker's NODE_OPTIONS variable: drop the same flags there.
      try {
        environment = new ExecutionEnvironment({ ...options, nodeOptions: this.#nodeOptions });
      } catch (again) {
        // Some flags (e.g. --title) Node also refuses in a worker's NODE_OPTIONS variable: only
        // then does the function see NODE_OPTIONS without them.
        if (!String((again as Error).message).includes("NODE_OPTIONS")) throw again;
        for (const flag of rejected) this.#rejectedFlags.add(flag);
        environment = new ExecutionEnvironment({
          ...options,
          env: withoutNodeOptions(env, this.#rejectedFlags),
          nodeOptions: this.#nodeOptions,
        });
      }
    }
    this.#all.add(environment);
    this.#credentials.record(environment, credentials.expiration);
    return environment;
  }

  #release(environment: ExecutionEnvironment): void {
    if (this.#stopped || environment.ended) {
      return;
    }
    if (
      environment.generation !== this.#generation ||
      this.#credentials.expiring(environment, this.spec.timeoutSeconds)
    ) {
      this.#discard(environment);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#idle.push(environment);
    } else {
      waiter(environment);
    }
  }

  /** Drops an environment; a waiting invocation gets a new one in its place. */
  #discard(environment: ExecutionEnvironment): void {
    if (!this.#all.delete(environment)) {
      return;
    }
    const idleAt = this.#idle.indexOf(environment);
    if (idleAt >= 0) {
      this.#idle.splice(idleAt, 1);
    }
    if (!environment.ended) {
      void environment.terminate("the execution environment was retired");
    }
    if (!this.#stopped && this.#waiters.length > 0 && this.#all.size < this.#capacity) {
      this.#waiters.shift()?.(this.#spawn());
    }
  }

  #log(text: string): void {
    const { log } = this.#settings;
    if (!text.includes("\n")) {
      log(this.#prefix + text);
      return;
    }
    for (const line of text.split("\n")) {
      log(this.#prefix + line);
    }
  }
}

/** The promise's value, or `timeout` when it takes longer than `ms`. */
function withLimit<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), ms);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
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
