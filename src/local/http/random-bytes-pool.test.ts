import { describe, expect, it } from "vitest";
import { RandomBytesPool } from "./random-bytes-pool.js";

describe("RandomBytesPool", () => {
  it("gives hex and base64url identifiers of the requested size", () => {
    const random = new RandomBytesPool();
    expect(random.hex(12)).toMatch(/^[0-9a-f]{24}$/);
    expect(random.base64url(11)).toMatch(/^[A-Za-z0-9_-]{15}$/);
  });

  it("never repeats an identifier, also across refills of the pool", () => {
    const random = new RandomBytesPool();
    const ids = new Set(Array.from({ length: 2000 }, () => random.hex(12)));
    expect(ids.size).toBe(2000);
  });

  it("refuses more bytes than the pool holds", () => {
    expect(() => new RandomBytesPool().hex(5000)).toThrow(RangeError);
  });
});
