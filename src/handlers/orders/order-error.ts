// Client errors of the orders service: a stable code plus a message for the caller. The codes are
// mapped to HTTP status codes in one place (http.ts). Unexpected failures are thrown, not coded.

export type OrderErrorCode =
  | "INVALID_BODY"
  | "BODY_TOO_LARGE"
  | "INVALID_FIELD"
  | "UNKNOWN_OPTION"
  | "INVALID_ORDER_ID"
  | "INVALID_DATE"
  | "INVALID_LIMIT"
  | "INVALID_TOKEN"
  | "INVALID_IDEMPOTENCY_KEY"
  | "NOT_FOUND"
  | "IDEMPOTENCY_CONFLICT"
  | "IDEMPOTENCY_IN_PROGRESS";

export interface OrderError {
  readonly code: OrderErrorCode;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: OrderError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: OrderErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

const MAX_SHOWN_CHARS = 64;

/** A received value as it may appear in an error message: JSON, shortened, with its type when not a string. */
export function describeReceived(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > MAX_SHOWN_CHARS) {
    text = `${text.slice(0, MAX_SHOWN_CHARS)}…`;
  }
  if (typeof value === "string") {
    return text;
  }
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return `${text} (${kind})`;
}
