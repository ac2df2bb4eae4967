// What the function pool needs of one execution environment, whatever runs it: a worker thread of
// this process (Node.js functions, worker-environment.ts) or a process speaking the Lambda Runtime
// API (Python and custom runtimes, process-environment.ts). One invocation at a time; the pool
// handles timeouts, concurrency and the START/END/REPORT lines for both alike.
import type { ProcessWarning } from "./process-warnings.js";

export type InitOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string };

export type RunOutcome =
  | { readonly kind: "success"; readonly payload: string }
  | {
      readonly kind: "error";
      readonly errorType: string;
      readonly errorMessage: string;
      /** The error document the runtime reported (Runtime API error body), when it sent one. */
      readonly payload?: string;
      /** The environment ended (crash, exit, out of memory): it cannot serve another invocation. */
      readonly fatal: boolean;
    };

/** One invocation as the Runtime API hands it over (`GET /2018-06-01/runtime/invocation/next`). */
export interface Invocation {
  readonly requestId: string;
  /** The event as JSON text. */
  readonly payload: string;
  /** Epoch milliseconds by which the function must answer (Lambda-Runtime-Deadline-Ms). */
  readonly deadline: number;
  /** The invoking client's context as JSON text (Invoke's X-Amz-Client-Context, decoded). */
  readonly clientContext?: string;
  /** The Cognito identity as JSON text, for invocations made through the Mobile SDK. */
  readonly cognitoIdentity?: string;
  /** X-Ray trace header (`Root=1-…;Parent=…;Sampled=0`). */
  readonly traceId: string;
}

export interface ExecutionEnvironment {
  /** Pool generation at spawn: environments of an older generation are retired (reload). */
  readonly generation: number;
  /** Resolves once the init phase ended (handler loaded, or failed to load). */
  readonly ready: Promise<InitOutcome>;
  readonly isReady: boolean;
  readonly ended: boolean;
  /** Peak memory seen, in MB (REPORT's Max Memory Used). */
  readonly maxMemoryUsedMb: number;
  /** Init Duration of this environment, once: only the first invocation reports it. */
  takeInitDuration(): number | undefined;
  run(invocation: Invocation): Promise<RunOutcome>;
  /** Ends the environment; an invocation still running fails with Runtime.ExitError. */
  terminate(reason: string): Promise<void>;
}

/** What every environment is started with, by the pool. */
export interface EnvironmentOptions {
  /** The complete environment variables of the environment (lambda-environment.ts). */
  readonly env: Readonly<Record<string, string>>;
  readonly memoryMb: number;
  readonly generation: number;
  /** Log lines written by the function or the runtime, in order. */
  readonly onLines: (lines: readonly string[]) => void;
  /** A process warning raised in the environment (the runtime's concern, not the function's). */
  readonly onWarning: (warning: ProcessWarning) => void;
  /** The environment ended on its own (crash or exit while idle, failed init). */
  readonly onEnded: (environment: ExecutionEnvironment) => void;
}

/** `RequestId: <id> Error: Runtime exited with error: exit status <n>` as Lambda words it. */
export function exitMessage(requestId: string, status: string): string {
  return `RequestId: ${requestId} Error: Runtime exited with error: ${status}`;
}
