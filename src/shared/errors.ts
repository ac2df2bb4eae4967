/**
 * Errors of our own carry a stable `code` so callers (and only the CLI turns codes into words)
 * can branch on it without parsing messages. A message says what went wrong, the value received
 * and what to do.
 */
export class AccountmeshError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "AccountmeshError";
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

export function isAccountmeshError(value: unknown): value is AccountmeshError {
  return value instanceof AccountmeshError;
}
