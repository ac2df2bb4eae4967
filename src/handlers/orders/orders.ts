// Pure domain core of the orders service (food, beverage, ...): parse and validate a new order,
// build the order, validate ids, dates and idempotency keys, and shape what callers see.
// No I/O; time and ids are passed in.
import { randomUUID } from "node:crypto";
import { describeReceived, fail, ok, type Result } from "./order-error.js";

/** Which service this is: its name is also the body field holding the chosen option. */
export interface OrderSettings {
  readonly service: string;
  readonly options: readonly string[];
}

export interface NewOrder {
  readonly fullName: string;
  readonly choice: string;
}

/** An order as stored (the item also carries the constant `orderList`). */
export interface OrderRecord {
  readonly orderId: string;
  readonly orderDate: string;
  readonly fullName: string;
  readonly choice: string;
  readonly createdAt: string;
}

/** What callers see: exactly `orderId, orderDate, fullName, <service>`, in that order. */
export type PublicOrder = Readonly<Record<string, string>>;

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_FULL_NAME_CHARS = 256;
export const MAX_IDEMPOTENCY_KEY_CHARS = 128;

const ORDER_ID = /^[0-9a-f]{32}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** 32 lowercase hex characters: a random UUID without dashes (as the original's uuid4().hex). */
export function randomOrderId(): string {
  return randomUUID().replaceAll("-", "");
}

export function buildOrder(input: NewOrder, now: Date, newId: () => string = randomOrderId): OrderRecord {
  const createdAt = now.toISOString();
  return {
    orderId: newId(),
    orderDate: createdAt.slice(0, 10),
    fullName: input.fullName,
    choice: input.choice,
    createdAt,
  };
}

export function toPublicOrder(order: OrderRecord, service: string): PublicOrder {
  return {
    orderId: order.orderId,
    orderDate: order.orderDate,
    fullName: order.fullName,
    [service]: order.choice,
  };
}

function example(settings: OrderSettings): string {
  return `{"fullName": "Jane Doe", "${settings.service}": "${settings.options[0] ?? "..."}"}`;
}

/** The request body as text: present, within the size limit, base64 decoded when flagged, valid UTF-8. */
export function decodeBody(body: string | null | undefined, isBase64Encoded: boolean): Result<string> {
  if (body === null || body === undefined || body === "") {
    return fail("INVALID_BODY", "request body is required");
  }
  let bytes: Buffer;
  if (isBase64Encoded) {
    const compact = body.replace(/\s+/g, "");
    if (compact.length > Math.ceil(MAX_BODY_BYTES / 3) * 4 + 4) {
      return fail("BODY_TOO_LARGE", `request body must be at most ${MAX_BODY_BYTES} bytes`);
    }
    if (!BASE64.test(compact)) {
      return fail("INVALID_BODY", "request body is marked base64-encoded but is not valid base64");
    }
    bytes = Buffer.from(compact, "base64");
  } else {
    bytes = Buffer.from(body, "utf8");
  }
  if (bytes.length > MAX_BODY_BYTES) {
    return fail(
      "BODY_TOO_LARGE",
      `request body must be at most ${MAX_BODY_BYTES} bytes; received ${bytes.length} bytes`,
    );
  }
  try {
    return ok(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return fail("INVALID_BODY", "request body is not valid UTF-8");
  }
}

/**
 * Parse `{"fullName": "...", "<service>": "<option>"}`. Unknown properties are ignored, as in the
 * original. Every problem found is reported, separated by "; ".
 */
export function parseNewOrder(
  body: string | null | undefined,
  isBase64Encoded: boolean,
  settings: OrderSettings,
): Result<NewOrder> {
  if (body === null || body === undefined || body === "") {
    return fail("INVALID_BODY", `request body is required: a JSON object like ${example(settings)}`);
  }
  const text = decodeBody(body, isBase64Encoded);
  if (!text.ok) {
    return text;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text.value);
  } catch {
    return fail(
      "INVALID_BODY",
      `request body must be a JSON object like ${example(settings)}; it is not valid JSON`,
    );
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return fail(
      "INVALID_BODY",
      `request body must be a JSON object like ${example(settings)}; received ${describeReceived(payload)}`,
    );
  }
  const fields = payload as Record<string, unknown>;
  const problems: { code: "INVALID_FIELD" | "UNKNOWN_OPTION"; message: string }[] = [];

  const fullName = Object.hasOwn(fields, "fullName") ? fields.fullName : undefined;
  if (fullName === undefined) {
    problems.push({ code: "INVALID_FIELD", message: "fullName is required: a non-empty string" });
  } else if (typeof fullName !== "string") {
    problems.push({
      code: "INVALID_FIELD",
      message: `fullName must be a non-empty string; received ${describeReceived(fullName)}`,
    });
  } else if (fullName.trim() === "") {
    problems.push({
      code: "INVALID_FIELD",
      message: `fullName must not be empty or whitespace only; received ${describeReceived(fullName)}`,
    });
  } else if ([...fullName].length > MAX_FULL_NAME_CHARS) {
    problems.push({
      code: "INVALID_FIELD",
      message: `fullName must be at most ${MAX_FULL_NAME_CHARS} characters; received ${[...fullName].length}`,
    });
  }

  const { service, options } = settings;
  const expected = `one of ${options.join(", ")}`;
  const choice = Object.hasOwn(fields, service) ? fields[service] : undefined;
  if (choice === undefined) {
    problems.push({ code: "INVALID_FIELD", message: `${service} is required: ${expected}` });
  } else if (typeof choice !== "string") {
    problems.push({
      code: "INVALID_FIELD",
      message: `${service} must be a string, ${expected}; received ${describeReceived(choice)}`,
    });
  } else if (!options.includes(choice)) {
    problems.push({
      code: "UNKNOWN_OPTION",
      message: `${service} must be ${expected}; received ${describeReceived(choice)}`,
    });
  }

  const [first] = problems;
  if (first !== undefined) {
    return fail(first.code, problems.map((p) => p.message).join("; "));
  }
  return ok({ fullName: fullName as string, choice: choice as string });
}

export function parseOrderId(raw: string | null | undefined): Result<string> {
  if (raw === null || raw === undefined || !ORDER_ID.test(raw)) {
    return fail(
      "INVALID_ORDER_ID",
      `orderId must be 32 lowercase hexadecimal characters; received ${describeReceived(raw ?? undefined)}`,
    );
  }
  return ok(raw);
}

/** True for a real calendar date written `YYYY-MM-DD` (so 2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(raw: string): boolean {
  const match = ISO_DATE.exec(raw);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseOrderDate(raw: string): Result<string> {
  if (!isCalendarDate(raw)) {
    return fail(
      "INVALID_DATE",
      `orderDate must be a calendar date written YYYY-MM-DD (UTC), e.g. 2026-11-22; received ${describeReceived(raw)}`,
    );
  }
  return ok(raw);
}

/**
 * The Idempotency-Key header: absent is fine (no idempotency); otherwise exactly one value of
 * 1..128 printable ASCII characters, not only spaces.
 */
export function parseIdempotencyKey(values: readonly string[]): Result<string | undefined> {
  if (values.length === 0) {
    return ok(undefined);
  }
  if (values.length > 1) {
    return fail(
      "INVALID_IDEMPOTENCY_KEY",
      "Idempotency-Key must be sent once; received several different values",
    );
  }
  const key = values[0] ?? "";
  if (key.length > MAX_IDEMPOTENCY_KEY_CHARS || !PRINTABLE_ASCII.test(key) || key.trim() === "") {
    return fail(
      "INVALID_IDEMPOTENCY_KEY",
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARS} printable ASCII characters; received ${describeReceived(key)}`,
    );
  }
  return ok(key);
}
