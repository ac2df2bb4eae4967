// One execution environment of a function whose runtime is a process (Python, custom runtimes): the
// process is started with the function's environment and AWS_LAMBDA_RUNTIME_API pointing at a
// Runtime API served for it alone (runtime-api-server.ts). Init ends with its first
// `invocation/next`; each invocation is handed over on `next` and ends with its `response` or
// `error`. Standard output and error are the function's log, line by line, as Lambda captures them.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import {
  type EnvironmentOptions,
  type ExecutionEnvironment,
  exitMessage,
  type InitOutcome,
  type Invocation,
  type RunOutcome,
} from "./execution-environment.js";
import {
  ACCEPTED,
  listenRuntimeApi,
  MAX_RESPONSE_BYTES,
  type RuntimeApiAnswer,
  type RuntimeApiServer,
} from "./runtime-api-server.js";

export interface ProcessEnvironmentOptions extends EnvironmentOptions {
  readonly functionArn: string;
  /** The runtime's entry point: an interpreter, or the function's `bootstrap`. */
  readonly command: string;
  readonly args: readonly string[];
  /** Working directory: the task root, as on Lambda (/var/task). */
  readonly cwd: string;
  /** How the entry point is named in a failure, e.g. `/var/task/bootstrap` → the local path. */
  readonly entrypoint: string;
}

/** Go's names of signals in `Runtime exited with error: signal: …` (Lambda's runtime is written in Go). */
const SIGNAL_NAMES: Readonly<Record<string, string>> = {
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGSEGV: "segmentation fault",
  SIGABRT: "aborted",
  SIGINT: "interrupt",
  SIGBUS: "bus error",
};

/** Lambda's `fork/exec` wording for an entry point the system cannot start. */
const SPAWN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOEXEC: "exec format error",
};

const invalidRequestId = (requestId: string): RuntimeApiAnswer => ({
  status: 400,
  body: { errorMessage: `Invalid request ID: ${requestId}`, errorType: "InvalidRequestID" },
});

const INVALID_STATE: RuntimeApiAnswer = {
  status: 403,
  body: { errorMessage: "State transition is not allowed", errorType: "InvalidStateTransition" },
};

/** `{errorType, errorMessage}` of an error document a runtime posted (anything it could send). */
function errorFieldsOf(body: Buffer, headerType: string | undefined) {
  let document: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      document = parsed as Record<string, unknown>;
    }
  } catch {
    // not JSON: the header names the type
  }
  const errorType =
    typeof document.errorType === "string" ? document.errorType : (headerType ?? "Runtime.Unknown");
  const errorMessage = typeof document.errorMessage === "string" ? document.errorMessage : "";
  const payload =
    Object.keys(document).length > 0 ? body.toString("utf8") : JSON.stringify({ errorType, errorMessage });
  return { errorType, errorMessage, payload };
}

/** Peak resident memory of a process in MB (Linux /proc; 0 elsewhere). */
function peakMemoryMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? 0 : Math.ceil(Number(kb) / 1024);
  } catch {
    return 0;
  }
}

export class ProcessEnvironment implements ExecutionEnvironment {
  readonly generation: number;
  readonly ready: Promise<InitOutcome>;
  isReady = false;
  ended = false;
  maxMemoryUsedMb = 0;
  readonly #options: ProcessEnvironmentOptions;
  readonly #started = performance.now();
  #initDurationMs: number | undefined;
  #resolveReady!: (outcome: InitOutcome) => void;
  #server: RuntimeApiServer | undefined;
  #child: ChildProcess | undefined;
  /** The invocation handed over (or waiting to be) and how to settle it. */
  #current: { readonly invocation: Invocation; readonly settle: (outcome: RunOutcome) => void } | undefined;
  #delivered = false;
  #waitingNext: ((invocation: Invocation) => void) | undefined;

  constructor(options: ProcessEnvironmentOptions) {
    this.#options = options;
    this.generation = options.generation;
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    this.#start().catch((error: unknown) =>
      this.#end("Runtime.Unknown", `the Runtime API could not be served: ${String(error)}`),
    );
  }

  takeInitDuration(): number | undefined {
    const duration = this.#initDurationMs;
    this.#initDurationMs = undefined;
    return duration;
  }

  run(invocation: Invocation): Promise<RunOutcome> {
    return new Promise((settle) => {
      if (this.ended) {
        settle({
          kind: "error",
          errorType: "Runtime.ExitError",
          errorMessage: "the environment ended",
          fatal: true,
        });
        return;
      }
      this.#current = { invocation, settle };
      this.#delivered = false;
      const waiting = this.#waitingNext;
      if (waiting !== undefined) {
        this.#waitingNext = undefined;
        this.#delivered = true;
        waiting(invocation);
      }
    });
  }

  terminate(reason: string): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.#resolveReady({ ok: false, errorType: "Runtime.ExitError", errorMessage: reason });
      this.#settle({ kind: "error", errorType: "Runtime.ExitError", errorMessage: reason, fatal: true });
    }
    return this.#stop();
  }

  async #start(): Promise<void> {
    this.#server = await listenRuntimeApi(
      {
        next: () => this.#next(),
        response: (requestId, body) => this.#response(requestId, body),
        error: (requestId, type, body) => this.#error(requestId, type, body),
        initError: (type, body) => this.#initError(type, body),
        tooLarge: (requestId) => {
          if (this.#current?.invocation.requestId !== requestId) return;
          const errorMessage = `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
          this.#settle({
            kind: "error",
            errorType: "Function.ResponseSizeTooLarge",
            errorMessage,
            fatal: false,
          });
        },
      },
      this.#options.functionArn,
    );
    if (this.ended) {
      this.#server.close();
      return;
    }
    const { command, args, cwd, env } = this.#options;
    const child = spawn(command, args, {
      cwd,
      env: { ...env, AWS_LAMBDA_RUNTIME_API: this.#server.address },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    child.on("error", (error: NodeJS.ErrnoException) => {
      const why = SPAWN_ERRORS[error.code ?? ""] ?? error.message;
      this.#end(
        "Runtime.InvalidEntrypoint",
        `RequestId: ${this.#requestId()} Error: fork/exec ${this.#options.entrypoint}: ${why}`,
      );
    });
    child.on("exit", (code, signal) => {
      const status = signal === null ? `exit status ${code}` : `signal: ${SIGNAL_NAMES[signal] ?? signal}`;
      this.#end("Runtime.ExitError", exitMessage(this.#requestId(), status));
    });
    this.#lines(child.stdout);
    this.#lines(child.stderr);
  }

  #lines(stream: Readable | null): void {
    if (stream === null) return;
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
      const parts = (partial + text).split("\n");
      partial = parts.pop() ?? "";
      if (parts.length > 0) this.#options.onLines(parts.map((line) => line.replace(/\r$/, "")));
    });
    stream.on("end", () => {
      if (partial !== "") this.#options.onLines([partial]);
      partial = "";
    });
  }

  #requestId(): string {
    return this.#current?.invocation.requestId ?? "";
  }

  #next(): Promise<Invocation> {
    if (!this.isReady && !this.ended) {
      this.isReady = true;
      this.#initDurationMs = performance.now() - this.#started;
      this.#resolveReady({ ok: true });
    }
    const current = this.#current;
    if (current !== undefined && !this.#delivered) {
      this.#delivered = true;
      return Promise.resolve(current.invocation);
    }
    return new Promise((resolve) => {
      this.#waitingNext = resolve;
    });
  }

  #response(requestId: string, body: Buffer): RuntimeApiAnswer {
    if (!this.#isCurrent(requestId)) return invalidRequestId(requestId);
    this.#settleSoon({ kind: "success", payload: body.length === 0 ? "null" : body.toString("utf8") });
    return ACCEPTED;
  }

  #error(requestId: string, headerType: string | undefined, body: Buffer): RuntimeApiAnswer {
    if (!this.#isCurrent(requestId)) return invalidRequestId(requestId);
    this.#settleSoon({ kind: "error", ...errorFieldsOf(body, headerType), fatal: false });
    return ACCEPTED;
  }

  #initError(headerType: string | undefined, body: Buffer): RuntimeApiAnswer {
    if (this.isReady || this.ended) return INVALID_STATE;
    const { errorType, errorMessage } = errorFieldsOf(body, headerType);
    this.#end(errorType, errorMessage);
    return ACCEPTED;
  }

  #isCurrent(requestId: string): boolean {
    return this.#current !== undefined && this.#delivered && this.#current.invocation.requestId === requestId;
  }

  /**
   * Settles after the lines the function wrote before answering are read: its standard output is
   * another pipe, ready in the same turn of the event loop as the answer or an earlier one.
   */
  #settleSoon(outcome: RunOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    setImmediate(() => {
      this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb, peakMemoryMb(this.#child?.pid));
      current?.settle(outcome);
    });
  }

  #settle(outcome: RunOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    current?.settle(outcome);
  }

  #end(errorType: string, errorMessage: string): void {
    if (this.ended) return;
    this.ended = true;
    this.#resolveReady({ ok: false, errorType, errorMessage });
    this.#settle({ kind: "error", errorType, errorMessage, fatal: true });
    void this.#stop();
    this.#options.onEnded(this);
  }

  async #stop(): Promise<void> {
    this.#server?.close();
    const child = this.#child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    }
  }
}
