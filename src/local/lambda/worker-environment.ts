// One execution environment of a Node.js function: a worker thread running lambda-worker.mjs with its
// own module state and exactly the environment variables Lambda gives. One invocation at a time.
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import {
  type EnvironmentOptions,
  type ExecutionEnvironment,
  exitMessage,
  type InitOutcome,
  type Invocation,
  type RunOutcome,
} from "./execution-environment.js";
import type { WorkerNodeOptions } from "./lambda-environment.js";
import type { ProcessWarning } from "./process-warnings.js";

const WORKER_URL = new URL("./lambda-worker.mjs", import.meta.url);

/** What the worker posts (mirrors lambda-worker.mjs). */
type WorkerMessage =
  | { readonly t: "ready"; readonly lines: readonly string[] }
  | { readonly t: "log"; readonly lines: readonly string[] }
  | ({ readonly t: "warning"; readonly lines: readonly string[] } & ProcessWarning)
  | {
      readonly t: "init-error" | "crash";
      readonly errorType: string;
      readonly errorMessage: string;
      readonly lines: readonly string[];
    }
  | {
      readonly t: "result";
      readonly ok: true;
      readonly payload: string;
      readonly memoryMb: number;
      readonly lines: readonly string[];
    }
  | {
      readonly t: "result";
      readonly ok: false;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly memoryMb: number;
      readonly lines: readonly string[];
    };

export interface WorkerEnvironmentOptions extends EnvironmentOptions {
  readonly functionArn: string;
  readonly nodeOptions: WorkerNodeOptions;
}

export class WorkerEnvironment implements ExecutionEnvironment {
  readonly generation: number;
  /** Resolves once the handler is loaded (or failed to load). */
  readonly ready: Promise<InitOutcome>;
  isReady = false;
  ended = false;
  maxMemoryUsedMb = 0;
  #initDurationMs: number | undefined;
  #resolveReady!: (outcome: InitOutcome) => void;
  #current: ((outcome: RunOutcome) => void) | undefined;
  #currentRequestId = "";
  readonly #worker: Worker;
  readonly #options: WorkerEnvironmentOptions;

  constructor(options: WorkerEnvironmentOptions) {
    this.#options = options;
    this.generation = options.generation;
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    const started = performance.now();
    const { nodeOptions } = options;
    this.#worker = new Worker(WORKER_URL, {
      env: options.env,
      execArgv: [...nodeOptions.execArgv],
      argv: [],
      workerData: { functionArn: options.functionArn, sourceMaps: nodeOptions.sourceMaps },
      resourceLimits: { maxOldGenerationSizeMb: nodeOptions.maxOldSpaceMb ?? options.memoryMb },
      stdout: false,
      stderr: false,
    });
    this.#worker.unref();
    this.#worker.on("message", (message: WorkerMessage) => {
      if (message.lines.length > 0) {
        options.onLines(message.lines);
      }
      switch (message.t) {
        case "ready":
          this.isReady = true;
          this.#initDurationMs = performance.now() - started;
          this.#resolveReady({ ok: true });
          return;
        case "result":
          this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb, message.memoryMb);
          this.#settle(
            message.ok
              ? { kind: "success", payload: message.payload }
              : {
                  kind: "error",
                  errorType: message.errorType,
                  errorMessage: message.errorMessage,
                  fatal: false,
                },
          );
          return;
        case "init-error":
        case "crash":
          this.#end(message.errorType, message.errorMessage);
          return;
        case "warning":
          options.onWarning({
            name: message.name,
            message: message.message,
            ...(message.code === undefined ? {} : { code: message.code }),
          });
          return;
        case "log":
          return;
      }
    });
    this.#worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        this.maxMemoryUsedMb = options.memoryMb;
        this.#end("Runtime.OutOfMemory", exitMessage(this.#currentRequestId, "signal: killed"));
      } else {
        this.#end(error.name, error.message);
      }
    });
    this.#worker.on("exit", (code) => {
      this.#end("Runtime.ExitError", exitMessage(this.#currentRequestId, `exit status ${code}`));
    });
  }

  takeInitDuration(): number | undefined {
    const duration = this.#initDurationMs;
    this.#initDurationMs = undefined;
    return duration;
  }

  run(invocation: Invocation): Promise<RunOutcome> {
    this.#currentRequestId = invocation.requestId;
    return new Promise((resolve) => {
      this.#current = resolve;
      this.#worker.postMessage(invocation);
    });
  }

  terminate(reason: string): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.#resolveReady({ ok: false, errorType: "Runtime.ExitError", errorMessage: reason });
      this.#settle({ kind: "error", errorType: "Runtime.ExitError", errorMessage: reason, fatal: true });
    }
    return this.#worker.terminate().then(() => undefined);
  }

  #settle(outcome: RunOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    current?.(outcome);
  }

  #end(errorType: string, errorMessage: string): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.#resolveReady({ ok: false, errorType, errorMessage });
    this.#settle({ kind: "error", errorType, errorMessage, fatal: true });
    void this.#worker.terminate();
    this.#options.onEnded(this);
  }
}
