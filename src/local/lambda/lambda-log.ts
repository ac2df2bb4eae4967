// The platform lines Lambda writes around each invocation (CloudWatch Logs text format).

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memoryMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on the first invocation of an execution environment (a cold start). */
  readonly initDurationMs?: number;
  /** `timeout` or `error` when the invocation did not end normally. */
  readonly status?: "timeout" | "error";
  readonly errorType?: string;
}

export function reportLine(fields: ReportFields): string {
  // Since August 2025 the init phase of managed runtimes is billed with the invocation.
  const billed = Math.ceil(fields.durationMs + (fields.initDurationMs ?? 0));
  let line =
    `REPORT RequestId: ${fields.requestId}\tDuration: ${fields.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${billed} ms\tMemory Size: ${fields.memoryMb} MB\tMax Memory Used: ${fields.maxMemoryUsedMb} MB`;
  if (fields.initDurationMs !== undefined) {
    line += `\tInit Duration: ${fields.initDurationMs.toFixed(2)} ms`;
  }
  if (fields.status !== undefined) {
    line += `\tStatus: ${fields.status}`;
  }
  if (fields.errorType !== undefined) {
    line += `\tError Type: ${fields.errorType}`;
  }
  return line;
}

export function timeoutLine(requestId: string, timeoutSeconds: number): string {
  return `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}
