// The Lambda host: runs each registered function's deployed bundle in execution environments
// (function-pool.ts) — worker threads for Node.js, processes speaking the Lambda Runtime API for
// Python and custom runtimes (lambda-runtimes.ts) — and invokes it the way the Lambda service does:
// JSON payloads, CloudWatch-style logs, timeouts, reserved concurrency, layers in Lambda's /opt.
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import { FunctionPool } from "./function-pool.js";
import { LambdaRuntimes, missingProvidedHint, type RuntimeSupport } from "./lambda-runtimes.js";
import { optDirectory } from "./layer-directory.js";
import { type ProcessWarning, reportProcessWarningOnce } from "./process-warnings.js";
import type { FunctionRuntimeBindings, FunctionSpec, InvokeOptions, InvokeResult } from "./types.js";

export interface LambdaHostOptions {
  /** Receives every log line, prefixed `[<function name>] `. Default: standard output. */
  readonly log?: (line: string) => void;
  /**
   * Process warnings raised in execution environments (deprecations, the AWS SDK's notice about the
   * host's Node.js): the runtime's, not the functions'. Default: reported once per process through
   * process.emitWarning (reportProcessWarningOnce).
   */
  readonly warn?: (warning: ProcessWarning, functionName: string) => void;
  /** Execution environments per function when ReservedConcurrentExecutions does not lower it. Default 10. */
  readonly maxConcurrencyPerFunction?: number;
  /** Invocations of a function that may wait for a free environment before `throttled`. Default 1000. */
  readonly maxQueuedPerFunction?: number;
  /** The runtimes of this machine (default: found on first use). */
  readonly runtimes?: LambdaRuntimes;
  /** Where merged layer directories are made. Default: `<os tmpdir>/accountmesh-lambda`. */
  readonly scratchDir?: string;
}

function writeToStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `arn:...:function:name` or `arn:...:function:name:$LATEST` → the unqualified ARN. */
function unqualified(functionArn: string): string {
  return functionArn.endsWith(":$LATEST") ? functionArn.slice(0, -":$LATEST".length) : functionArn;
}

export class LambdaHost {
  readonly #bindings: FunctionRuntimeBindings;
  readonly #log: (line: string) => void;
  readonly #warn: (warning: ProcessWarning, functionName: string) => void;
  readonly #maxConcurrency: number;
  readonly #maxQueue: number;
  readonly #pools = new Map<string, FunctionPool>();
  readonly #scratchDir: string;
  /** The runtimes of this machine: which run, on what, and how. */
  readonly runtimes: LambdaRuntimes;
  #stopped = false;

  constructor(bindings: FunctionRuntimeBindings, options: LambdaHostOptions = {}) {
    this.#bindings = bindings;
    this.#log = options.log ?? writeToStdout;
    this.#warn = options.warn ?? reportProcessWarningOnce;
    this.#maxConcurrency = options.maxConcurrencyPerFunction ?? 10;
    this.#maxQueue = options.maxQueuedPerFunction ?? 1000;
    this.runtimes = options.runtimes ?? new LambdaRuntimes();
    this.#scratchDir = options.scratchDir ?? join(tmpdir(), "accountmesh-lambda");
  }

  /**
   * Registers a function; registering an ARN again replaces it (its running environments finish
   * first). Returns how its runtime runs here; an unavailable runtime is registered all the same:
   * its invocations fail with Runtime.InvalidEntrypoint, as a broken runtime's do on Lambda.
   */
  register(spec: FunctionSpec): RuntimeSupport {
    const packageType = spec.packageType ?? "Zip";
    const optDir = optDirectory(spec.layers ?? [], this.#scratchDir);
    const launch = this.runtimes.launch(spec.runtime, packageType, spec.codeDir, optDir);
    this.#pools.get(spec.arn)?.reload();
    this.#pools.set(
      spec.arn,
      new FunctionPool(spec, {
        bindings: this.#bindings,
        log: this.#log,
        warn: this.#warn,
        maxConcurrency: this.#maxConcurrency,
        maxQueue: this.#maxQueue,
        launch,
        hint: (errorType, errorMessage) =>
          missingProvidedHint(errorType, errorMessage, this.runtimes.sdk?.version),
      }),
    );
    return this.runtimes.support(spec.runtime, packageType);
  }

  /** Every registered function's spec. */
  specs(): FunctionSpec[] {
    return [...this.#pools.values()].map((pool) => pool.spec);
  }

  has(functionArn: string): boolean {
    return this.#pools.has(unqualified(functionArn));
  }

  spec(functionArn: string): FunctionSpec | undefined {
    return this.#pools.get(unqualified(functionArn))?.spec;
  }

  /**
   * Invokes a function synchronously. The event travels as JSON (undefined becomes null, Dates
   * strings, as with Lambda). Throws LAMBDA_FUNCTION_NOT_FOUND for an unknown ARN (Lambda's
   * ResourceNotFoundException) and LAMBDA_PAYLOAD_NOT_JSON for an event JSON cannot represent.
   */
  async invoke(functionArn: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    let payload: string | undefined;
    try {
      payload = JSON.stringify(event);
    } catch (error) {
      throw new AccountmeshError(
        "LAMBDA_PAYLOAD_NOT_JSON",
        `The event for ${functionArn} cannot be serialized as JSON (${String(error)}); pass plain JSON data.`,
        { functionArn },
      );
    }
    const result = await this.invokeJson(functionArn, payload ?? "null", options);
    return result.kind === "success" ? { ...result, payload: JSON.parse(result.payload) } : result;
  }

  /**
   * Invokes a function synchronously with the event as JSON text; the payload comes back as the JSON
   * text the handler's result serialized to (what Lambda's Invoke API returns). Throws
   * LAMBDA_FUNCTION_NOT_FOUND for an unknown ARN, LAMBDA_HOST_STOPPED after stop().
   */
  async invokeJson(
    functionArn: string,
    payload: string,
    options: InvokeOptions = {},
  ): Promise<InvokeResult<string>> {
    if (this.#stopped) {
      throw new AccountmeshError(
        "LAMBDA_HOST_STOPPED",
        `Cannot invoke ${functionArn}: the Lambda host was stopped.`,
        { functionArn },
      );
    }
    const pool = this.#pools.get(unqualified(functionArn));
    if (pool === undefined) {
      throw new AccountmeshError(
        "LAMBDA_FUNCTION_NOT_FOUND",
        `Function not found: ${functionArn}. Invoke a function of the cloud assembly by its unqualified ARN ` +
          `(arn:aws:lambda:<region>:<account>:function:<name>); ${this.#pools.size} functions are registered.`,
        { functionArn },
      );
    }
    const { requestId, ...rest } = options;
    return pool.invoke(payload, requestId ?? randomUUID(), rest);
  }

  /** Drops warm environments so the next invocation loads the code anew (watch mode). No ARN: all. */
  reload(functionArn?: string): void {
    if (functionArn === undefined) {
      for (const pool of this.#pools.values()) {
        pool.reload();
      }
      return;
    }
    this.#pools.get(unqualified(functionArn))?.reload();
  }

  /** Terminates every execution environment; invocations still running fail with Runtime.ExitError. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#pools.values()].map((pool) => pool.stop()));
  }
}
