import { describe, expect, it } from "vitest";
import {
  buildOrder,
  isCalendarDate,
  MAX_BODY_BYTES,
  type OrderSettings,
  parseIdempotencyKey,
  parseNewOrder,
  parseOrderDate,
  parseOrderId,
  randomOrderId,
  toPublicOrder,
} from "./orders.js";

const food: OrderSettings = { service: "food", options: ["pizza", "hamburger", "salat"] };
const beverage: OrderSettings = { service: "beverage", options: ["tea", "coffee", "water"] };

function rejected(body: string | null | undefined, settings = food, base64 = false) {
  const result = parseNewOrder(body, base64, settings);
  if (result.ok) {
    throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

describe("parseNewOrder", () => {
  it("accepts the original's body and ignores unknown properties", () => {
    expect(parseNewOrder('{"fullName":"Jane Doe","food":"hamburger","tip":5}', false, food)).toEqual({
      ok: true,
      value: { fullName: "Jane Doe", choice: "hamburger" },
    });
    expect(parseNewOrder('{"beverage":"tea","fullName":"Max"}', false, beverage)).toEqual({
      ok: true,
      value: { fullName: "Max", choice: "tea" },
    });
  });

  it("decodes base64-encoded bodies", () => {
    const body = Buffer.from('{"fullName":"Zoë","food":"salat"}').toString("base64");
    expect(parseNewOrder(body, true, food)).toEqual({
      ok: true,
      value: { fullName: "Zoë", choice: "salat" },
    });
  });

  it.each([
    [null, "request body is required"],
    [undefined, "request body is required"],
    ["", "request body is required"],
    ["{not json", "not valid JSON"],
    ["[1,2]", "received [1,2] (array)"],
    ["null", "received null (null)"],
    ['"pizza"', 'received "pizza"'],
    ["42", "received 42 (number)"],
  ])("rejects body %j as INVALID_BODY", (body, fragment) => {
    const error = rejected(body);
    expect(error.code).toBe("INVALID_BODY");
    expect(error.message).toContain(fragment);
    expect(error.message).toContain('{"fullName": "Jane Doe", "food": "pizza"}');
  });

  it("rejects invalid base64 and invalid UTF-8", () => {
    expect(rejected("not base64!", food, true)).toMatchObject({
      code: "INVALID_BODY",
      message: expect.stringContaining("base64"),
    });
    const latin1 = Buffer.from([0x7b, 0xff, 0x7d]).toString("base64");
    expect(rejected(latin1, food, true)).toMatchObject({
      code: "INVALID_BODY",
      message: expect.stringContaining("UTF-8"),
    });
  });

  it("rejects bodies over 16 KiB, plain or base64", () => {
    const big = JSON.stringify({ fullName: "A", food: "pizza", pad: "x".repeat(MAX_BODY_BYTES) });
    expect(rejected(big)).toMatchObject({
      code: "BODY_TOO_LARGE",
      message: expect.stringContaining("16384"),
    });
    expect(rejected(Buffer.from(big).toString("base64"), food, true).code).toBe("BODY_TOO_LARGE");
    const justFits = JSON.stringify({ fullName: "A", food: "pizza", pad: "" });
    const padded = justFits.replace('"pad":""', `"pad":"${"x".repeat(MAX_BODY_BYTES - justFits.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(MAX_BODY_BYTES);
    expect(parseNewOrder(padded, false, food).ok).toBe(true);
  });

  it.each([
    ['{"food":"pizza"}', "fullName is required"],
    ['{"fullName":"","food":"pizza"}', 'fullName must not be empty or whitespace only; received ""'],
    ['{"fullName":"  \\t ","food":"pizza"}', "fullName must not be empty or whitespace only"],
    ['{"fullName":42,"food":"pizza"}', "fullName must be a non-empty string; received 42 (number)"],
    ['{"fullName":null,"food":"pizza"}', "received null (null)"],
    ['{"fullName":["a"],"food":"pizza"}', 'received ["a"] (array)'],
    ['{"fullName":"Jane"}', "food is required: one of pizza, hamburger, salat"],
    [
      '{"fullName":"Jane","food":3}',
      "food must be a string, one of pizza, hamburger, salat; received 3 (number)",
    ],
    ['{"fullName":"Jane","beverage":"tea"}', "food is required"],
  ])("rejects %s as INVALID_FIELD", (body, message) => {
    const error = rejected(body);
    expect(error.code).toBe("INVALID_FIELD");
    expect(error.message).toContain(message);
  });

  it("limits fullName to 256 characters (code points)", () => {
    expect(parseNewOrder(JSON.stringify({ fullName: "é".repeat(256), food: "pizza" }), false, food).ok).toBe(
      true,
    );
    expect(parseNewOrder(JSON.stringify({ fullName: "😀".repeat(256), food: "pizza" }), false, food).ok).toBe(
      true,
    );
    const error = rejected(JSON.stringify({ fullName: "a".repeat(257), food: "pizza" }));
    expect(error).toEqual({
      code: "INVALID_FIELD",
      message: "fullName must be at most 256 characters; received 257",
    });
  });

  it.each(["salad", "Pizza", "PIZZA", " pizza", "", "  ", "sushi"])(
    "rejects option %j as UNKNOWN_OPTION",
    (option) => {
      const error = rejected(JSON.stringify({ fullName: "Jane", food: option }));
      expect(error).toEqual({
        code: "UNKNOWN_OPTION",
        message: `food must be one of pizza, hamburger, salat; received ${JSON.stringify(option)}`,
      });
    },
  );

  it("uses the service's own field and options", () => {
    expect(rejected('{"fullName":"Max","beverage":"pizza"}', beverage).message).toBe(
      'beverage must be one of tea, coffee, water; received "pizza"',
    );
  });

  it("reports every field problem, coded by the first", () => {
    const error = rejected('{"fullName":" ","food":"salad"}');
    expect(error.code).toBe("INVALID_FIELD");
    expect(error.message).toBe(
      'fullName must not be empty or whitespace only; received " "; food must be one of pizza, hamburger, salat; received "salad"',
    );
  });

  it("shortens long received values in messages", () => {
    const error = rejected(JSON.stringify({ fullName: "Jane", food: "x".repeat(500) }));
    expect(error.message.length).toBeLessThan(150);
    expect(error.message).toContain("…");
  });

  it("does not treat inherited properties as fields", () => {
    expect(rejected('{"fullName":"Jane","__proto__":{"food":"pizza"}}').message).toContain(
      "food is required",
    );
  });
});

describe("buildOrder and toPublicOrder", () => {
  it("derives orderDate (UTC) and createdAt from the injected clock and id from the generator", () => {
    const order = buildOrder(
      { fullName: "Jane", choice: "pizza" },
      new Date("2026-11-22T23:59:59.999Z"),
      () => "0123456789abcdef0123456789abcdef",
    );
    expect(order).toEqual({
      orderId: "0123456789abcdef0123456789abcdef",
      orderDate: "2026-11-22",
      fullName: "Jane",
      choice: "pizza",
      createdAt: "2026-11-22T23:59:59.999Z",
    });
    expect(buildOrder({ fullName: "J", choice: "tea" }, new Date("2026-11-23T00:00:00.000Z")).orderDate).toBe(
      "2026-11-23",
    );
  });

  it("uses a random 32-hex id by default", () => {
    const ids = new Set(Array.from({ length: 50 }, randomOrderId));
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it("shows exactly orderId, orderDate, fullName and the service field, in that order", () => {
    const order = buildOrder({ fullName: "Max", choice: "tea" }, new Date("2026-01-02T03:04:05.006Z"), () =>
      "f".repeat(32),
    );
    const shown = toPublicOrder(order, "beverage");
    expect(Object.keys(shown)).toEqual(["orderId", "orderDate", "fullName", "beverage"]);
    expect(shown).toEqual({
      orderId: "f".repeat(32),
      orderDate: "2026-01-02",
      fullName: "Max",
      beverage: "tea",
    });
  });
});

describe("parseOrderId", () => {
  it("accepts 32 lowercase hex", () => {
    expect(parseOrderId("0123456789abcdef0123456789abcdef")).toEqual({
      ok: true,
      value: "0123456789abcdef0123456789abcdef",
    });
  });

  it.each([
    "0123456789ABCDEF0123456789ABCDEF",
    "0123456789abcdef0123456789abcde",
    "0123456789abcdef0123456789abcdef0",
    "01234567-89ab-cdef-0123-456789abcdef",
    "g123456789abcdef0123456789abcdef",
    "",
  ])("rejects %j", (id) => {
    const result = parseOrderId(id);
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_ORDER_ID" } });
  });

  it("rejects a missing id", () => {
    expect(parseOrderId(undefined)).toMatchObject({ ok: false, error: { code: "INVALID_ORDER_ID" } });
  });
});

describe("order dates", () => {
  it.each(["2026-11-22", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-12-31"])(
    "accepts %s",
    (date) => {
      expect(isCalendarDate(date)).toBe(true);
      expect(parseOrderDate(date)).toEqual({ ok: true, value: date });
    },
  );

  it.each([
    "2026-13-01",
    "2026-02-30",
    "2026-02-29",
    "1900-02-29",
    "2026-04-31",
    "2026-00-10",
    "2026-01-00",
    "yesterday",
    "2026-1-1",
    "2026-01-01T00:00:00Z",
    " 2026-01-01",
    "",
  ])("rejects %j", (date) => {
    expect(isCalendarDate(date)).toBe(false);
    const result = parseOrderDate(date);
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_DATE" } });
    if (!result.ok) {
      expect(result.error.message).toContain(`received ${JSON.stringify(date)}`);
    }
  });
});

describe("parseIdempotencyKey", () => {
  it("is optional", () => {
    expect(parseIdempotencyKey([])).toEqual({ ok: true, value: undefined });
  });

  it.each(["a", "order-2026-11-22-0001", "x".repeat(128), "key with spaces", "~!@#$%^&*()"])(
    "accepts %j",
    (key) => {
      expect(parseIdempotencyKey([key])).toEqual({ ok: true, value: key });
    },
  );

  it.each(["", "   ", "x".repeat(129), "tab\tkey", "ключ", "new\nline"])("rejects %j", (key) => {
    expect(parseIdempotencyKey([key])).toMatchObject({
      ok: false,
      error: { code: "INVALID_IDEMPOTENCY_KEY" },
    });
  });

  it("rejects several different values", () => {
    expect(parseIdempotencyKey(["a", "b"])).toMatchObject({
      ok: false,
      error: { code: "INVALID_IDEMPOTENCY_KEY", message: expect.stringContaining("once") },
    });
  });
});
