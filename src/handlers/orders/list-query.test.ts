import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMIT,
  decodePageToken,
  encodePageToken,
  type ListRequest,
  nextPageToken,
  type PageToken,
  parseListQuery,
} from "./list-query.js";
import type { OrderRecord } from "./orders.js";

const last: OrderRecord = {
  orderId: "0123456789abcdef0123456789abcdef",
  orderDate: "2026-11-22",
  fullName: "Jane",
  choice: "pizza",
  createdAt: "2026-11-22T10:11:12.345Z",
};
const allToken: PageToken = {
  v: 1,
  m: "all",
  k: { orderId: last.orderId, orderList: "ORDER", createdAt: last.createdAt },
};
const dateToken: PageToken = {
  v: 1,
  m: "date",
  k: { orderId: last.orderId, orderDate: "2026-11-22", createdAt: last.createdAt },
};

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function errorOf(query: Record<string, string> | null) {
  const result = parseListQuery(query);
  if (result.ok) {
    throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  }
  return result.error;
}

describe("page tokens", () => {
  it("round-trip both listing modes as opaque base64url", () => {
    for (const token of [allToken, dateToken]) {
      const encoded = encodePageToken(token);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodePageToken(encoded)).toEqual({ ok: true, value: token });
    }
  });

  it("nextPageToken encodes the key of the last order for the request's index", () => {
    const all: ListRequest = { mode: "all", limit: 10 };
    const byDate: ListRequest = { mode: "date", orderDate: "2026-11-22", limit: 10 };
    expect(decodePageToken(nextPageToken(all, last))).toEqual({ ok: true, value: allToken });
    expect(decodePageToken(nextPageToken(byDate, last))).toEqual({ ok: true, value: dateToken });
  });

  it.each([
    ["empty", ""],
    ["not base64url", "abc+/="],
    ["not JSON", Buffer.from("hello").toString("base64url")],
    ["JSON array", b64([1, 2])],
    ["wrong version", b64({ ...allToken, v: 2 })],
    ["unknown mode", b64({ ...allToken, m: "scan" })],
    ["extra top-level property", b64({ ...allToken, x: 1 })],
    ["extra key attribute", b64({ ...allToken, k: { ...allToken.k, fullName: "x" } })],
    ["missing key attribute", b64({ v: 1, m: "all", k: { orderId: last.orderId, orderList: "ORDER" } })],
    ["wrong orderList", b64({ ...allToken, k: { ...allToken.k, orderList: "FOOD" } })],
    ["uppercase orderId", b64({ ...allToken, k: { ...allToken.k, orderId: last.orderId.toUpperCase() } })],
    ["createdAt without ms", b64({ ...allToken, k: { ...allToken.k, createdAt: "2026-11-22T10:11:12Z" } })],
    ["impossible orderDate", b64({ ...dateToken, k: { ...dateToken.k, orderDate: "2026-02-30" } })],
    ["mode/key mismatch", b64({ v: 1, m: "date", k: allToken.k })],
    [
      "DynamoDB typed key",
      b64({
        v: 1,
        m: "all",
        k: { orderId: { S: last.orderId }, orderList: { S: "ORDER" }, createdAt: { S: last.createdAt } },
      }),
    ],
    ["too long", "A".repeat(2000)],
  ])("rejects a token that is %s", (_label, token) => {
    expect(decodePageToken(token)).toMatchObject({ ok: false, error: { code: "INVALID_TOKEN" } });
  });

  it("rejects a tampered token (a character changed or removed)", () => {
    const encoded = encodePageToken(allToken);
    let rejectedCount = 0;
    let tried = 0;
    for (let i = 0; i < encoded.length; i += 3) {
      tried++;
      const replacement = encoded[i] === "A" ? "B" : "A";
      const changed = `${encoded.slice(0, i)}${replacement}${encoded.slice(i + 1)}`;
      const result = decodePageToken(changed);
      // A change either breaks the shape or yields another well-formed key; never anything else.
      if (result.ok) {
        expect(result.value).toMatchObject({ v: 1, m: "all", k: { orderList: "ORDER" } });
      } else {
        expect(result.error.code).toBe("INVALID_TOKEN");
        rejectedCount++;
      }
    }
    expect(rejectedCount).toBeGreaterThan(tried / 2);
    expect(decodePageToken(encoded.slice(0, -1))).toMatchObject({ ok: false });
    expect(decodePageToken(`${encoded}A`)).toMatchObject({ ok: false });
  });
});

describe("parseListQuery", () => {
  it("lists all orders with the default page size when nothing is given", () => {
    expect(parseListQuery(null)).toEqual({ ok: true, value: { mode: "all", limit: DEFAULT_LIMIT } });
    expect(parseListQuery({ color: "red" })).toEqual({ ok: true, value: { mode: "all", limit: 100 } });
  });

  it("lists one day with orderDate", () => {
    expect(parseListQuery({ orderDate: "2026-11-22", limit: "5" })).toEqual({
      ok: true,
      value: { mode: "date", orderDate: "2026-11-22", limit: 5 },
    });
  });

  it.each(["1", "100", "999", "1000"])("accepts limit %s", (limit) => {
    expect(parseListQuery({ limit })).toEqual({ ok: true, value: { mode: "all", limit: Number(limit) } });
  });

  it.each(["0", "1001", "-1", "1.5", "abc", "", "01", " 5", "1e2", "99999"])("rejects limit %j", (limit) => {
    expect(errorOf({ limit })).toMatchObject({
      code: "INVALID_LIMIT",
      message: expect.stringContaining("1 to 1000"),
    });
  });

  it.each(["2026-13-01", "2026-02-30", "yesterday", ""])("rejects orderDate %j", (orderDate) => {
    expect(errorOf({ orderDate }).code).toBe("INVALID_DATE");
  });

  it("carries the start key of a valid token", () => {
    expect(parseListQuery({ nextToken: encodePageToken(allToken) })).toEqual({
      ok: true,
      value: { mode: "all", limit: 100, startKey: allToken.k },
    });
    expect(parseListQuery({ orderDate: "2026-11-22", nextToken: encodePageToken(dateToken) })).toEqual({
      ok: true,
      value: { mode: "date", orderDate: "2026-11-22", limit: 100, startKey: dateToken.k },
    });
  });

  it("rejects a token from the other listing mode or another date", () => {
    expect(errorOf({ nextToken: encodePageToken(dateToken) })).toMatchObject({
      code: "INVALID_TOKEN",
      message: expect.stringContaining("orderDate 2026-11-22"),
    });
    expect(errorOf({ orderDate: "2026-11-22", nextToken: encodePageToken(allToken) })).toMatchObject({
      code: "INVALID_TOKEN",
      message: expect.stringContaining("all orders"),
    });
    expect(errorOf({ orderDate: "2026-11-23", nextToken: encodePageToken(dateToken) })).toMatchObject({
      code: "INVALID_TOKEN",
      message: expect.stringContaining("not 2026-11-23"),
    });
  });

  it("rejects a malformed token", () => {
    expect(errorOf({ nextToken: "%%%" }).code).toBe("INVALID_TOKEN");
  });
});
