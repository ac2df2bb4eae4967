// The execution environments of one function: warm ones are reused, one invocation each at a time;
// more are started for concurrent invocations up to the function's reserved concurrency (beyond it
// Lambda throttles, 429 TooManyRequestsException) or the host's per-function cap (beyond it
// invocations wait in a bounded queue: AWS would scale further, so waiting is the faithful answer).
import { performance } from "node:perf_hooks";
import { CredentialLifetimes } from "./credential-lifetimes.js";
import { EnvironmentLauncher, newTraceId } from "./environment-launcher.js";
import type { ExecutionEnvironment, RunOutcome } from "./execution-environment.js";
import { endLine, reportLine, startLine, timeoutLine } from "./lambda-log.js";
import type { RuntimeLaunch } from "./lambda-runtimes.js";
import { LogTails } from "./log-tails.js";
import type { ProcessWarning } from "./process-warnings.js";
import type { FunctionRuntimeBindings, FunctionSpec, InvokeOptions, InvokeResult } from "./types.js";

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
  /** How the function's runtime starts (lambda-runtimes.ts). */
  readonly launch: RuntimeLaunch;
  /** What to install for an init failure about something Lambda provides (logged once per failure). */
  readonly hint?: (errorType: string, errorMessage: string) => string | undefined;
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
  readonly #launcher: EnvironmentLauncher;
  readonly #tails = new LogTails<ExecutionEnvironment>();

  constructor(spec: FunctionSpec, settings: PoolSettings) {
    this.spec = spec;
    this.#settings = settings;
    this.#prefix = `[${spec.name}] `;
    this.#capacity = Math.min(spec.reservedConcurrency ?? Number.POSITIVE_INFINITY, settings.maxConcurrency);
    this.#launcher = new EnvironmentLauncher(spec, settings.bindings, settings.launch, (line) =>
      this.#log(line),
    );
  }

  /** Runs one invocation; `payload` is the event as JSON text. */
  async invoke(
    payload: string,
    requestId: string,
    options: Omit<InvokeOptions, "requestId"> = {},
  ): Promise<InvokeResult<string>> {
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
      if (options.logTail !== true) return await this.#run(environment, payload, requestId, options);
      this.#tails.start(environment);
      const result = await this.#run(environment, payload, requestId, options);
      const logTail = this.#tails.take(environment);
      return result.kind === "throttled" ? result : { ...result, logTail };
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
    options: Omit<InvokeOptions, "requestId">,
  ): Promise<InvokeResult<string>> {
    if (!environment.isReady) {
      const init = await withLimit(environment.ready, INIT_LIMIT_MS);
      if (init === "timeout" || !init.ok) {
        this.#discard(environment);
        this.#log(startLine(requestId), environment);
        this.#log(endLine(requestId), environment);
        const errorType = init === "timeout" ? "Runtime.InitTimeout" : init.errorType;
        this.#log(this.#report(environment, requestId, 0, "error", errorType), environment);
        const hint =
          init === "timeout" ? undefined : this.#settings.hint?.(init.errorType, init.errorMessage);
        if (hint !== undefined) this.#log(`accountmesh: ${hint}`);
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
    this.#log(startLine(requestId), environment);
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const started = performance.now();
    const invocation = {
      requestId,
      payload,
      deadline: Date.now() + timeoutMs,
      traceId: newTraceId(),
      ...(options.clientContext === undefined ? {} : { clientContext: options.clientContext }),
    };
    const outcome = await withLimit(environment.run(invocation), timeoutMs);
    const durationMs = performance.now() - started;
    if (outcome === "timeout") {
      this.#log(timeoutLine(requestId, this.spec.timeoutSeconds), environment);
      this.#discard(environment);
      this.#log(endLine(requestId), environment);
      this.#log(this.#report(environment, requestId, durationMs, "timeout"), environment);
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
    this.#log(endLine(requestId), environment);
    if (outcome.kind === "success") {
      this.#log(this.#report(environment, requestId, durationMs), environment);
      this.#release(environment);
      return { kind: "success", payload: outcome.payload, requestId, durationMs };
    }
    if (outcome.fatal) {
      this.#log(this.#report(environment, requestId, durationMs, "error", outcome.errorType), environment);
      this.#discard(environment);
    } else {
      this.#log(this.#report(environment, requestId, durationMs), environment);
      this.#release(environment);
    }
    const { errorType, errorMessage } = outcome;
    return {
      kind: "error",
      errorType,
      errorMessage,
      requestId,
      durationMs,
      ...(outcome.payload === undefined ? {} : { payload: outcome.payload }),
    };
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
    let spawned: ExecutionEnvironment | undefined;
    const { environment, credentials } = this.#launcher.spawn({
      generation: this.#generation,
      onLines: (lines) => {
        for (const line of lines) this.#log(line, spawned);
      },
      onWarning: (warning: ProcessWarning) => this.#settings.warn(warning, this.spec.name),
      onEnded: (ended) => this.#discard(ended),
    });
    spawned = environment;
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

  /** Logs a line (of `environment`, which a log tail may be collecting). */
  #log(text: string, environment?: ExecutionEnvironment): void {
    const { log } = this.#settings;
    for (const line of text.includes("\n") ? text.split("\n") : [text]) {
      log(this.#prefix + line);
      if (environment !== undefined) this.#tails.add(environment, line);
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
