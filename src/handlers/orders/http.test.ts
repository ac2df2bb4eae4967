import { describe, expect, it } from "vitest";
import { errorResponse, headerValues, jsonResponse, STATUS_BY_CODE } from "./http.js";
import type { OrderErrorCode } from "./order-error.js";

describe("responses", () => {
  it("serializes JSON with Content-Type and extra headers", () => {
    expect(jsonResponse(200, [1], { "X-Next-Token": "t" })).toEqual({
      statusCode: 200,
      headers: { "Content-Type": "application/json", "X-Next-Token": "t" },
      body: "[1]",
    });
  });

  it.each<[OrderErrorCode, number]>([
    ["INVALID_BODY", 400],
    ["BODY_TOO_LARGE", 400],
    ["INVALID_FIELD", 400],
    ["UNKNOWN_OPTION", 400],
    ["INVALID_ORDER_ID", 400],
    ["INVALID_DATE", 400],
    ["INVALID_LIMIT", 400],
    ["INVALID_TOKEN", 400],
    ["INVALID_IDEMPOTENCY_KEY", 400],
    ["NOT_FOUND", 404],
    ["IDEMPOTENCY_IN_PROGRESS", 409],
    ["IDEMPOTENCY_CONFLICT", 422],
  ])("maps %s to %i with a {message} body", (code, status) => {
    expect(STATUS_BY_CODE[code]).toBe(status);
    const response = errorResponse({ code, message: "why" });
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ message: "why" });
  });

  it("never maps a client error to a 5xx", () => {
    expect(Object.values(STATUS_BY_CODE).every((status) => status >= 400 && status < 500)).toBe(true);
  });
});

describe("headerValues", () => {
  it("matches names case-insensitively in headers and multiValueHeaders", () => {
    expect(
      headerValues({ headers: { "idempotency-key": "a" }, multiValueHeaders: {} }, "Idempotency-Key"),
    ).toEqual(["a"]);
    expect(
      headerValues({ headers: {}, multiValueHeaders: { "IDEMPOTENCY-KEY": ["b"] } }, "Idempotency-Key"),
    ).toEqual(["b"]);
  });

  it("folds the same value sent in both and keeps different ones", () => {
    expect(
      headerValues(
        { headers: { "Idempotency-Key": "a" }, multiValueHeaders: { "Idempotency-Key": ["a"] } },
        "idempotency-key",
      ),
    ).toEqual(["a"]);
    expect(
      headerValues(
        { headers: { "Idempotency-Key": "b" }, multiValueHeaders: { "Idempotency-Key": ["a", "b"] } },
        "idempotency-key",
      ),
    ).toEqual(["a", "b"]);
  });

  it("copes with absent header maps", () => {
    expect(
      headerValues({ headers: null as unknown as Record<string, string>, multiValueHeaders: {} }, "x"),
    ).toEqual([]);
  });
});
