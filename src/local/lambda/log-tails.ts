// The log of one invocation as Invoke's `LogType: Tail` returns it: the lines its execution
// environment wrote from START to REPORT, of which the caller gets the last 4 KB.

/** Invoke returns at most this much of the log (bytes of UTF-8, before base64). */
export const LOG_TAIL_BYTES = 4096;

export class LogTails<E extends object> {
  readonly #collecting = new Map<E, string[]>();

  /** Starts collecting the lines of `environment` (one invocation at a time). */
  start(environment: E): void {
    this.#collecting.set(environment, []);
  }

  add(environment: E, line: string): void {
    this.#collecting.get(environment)?.push(line);
  }

  /** The last 4 KB of what was collected (cut on a character boundary); collecting stops. */
  take(environment: E): string {
    const text = (this.#collecting.get(environment) ?? []).map((line) => `${line}\n`).join("");
    this.#collecting.delete(environment);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length <= LOG_TAIL_BYTES) return text;
    let start = bytes.length - LOG_TAIL_BYTES;
    while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
    return bytes.subarray(start).toString("utf8");
  }
}
