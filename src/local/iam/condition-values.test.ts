import { describe, expect, it } from "vitest";
import {
  ipInBlock,
  parseBool,
  parseDate,
  parseIpAddress,
  parseIpBlock,
  parseNumber,
} from "./condition-values.js";

const utc = (iso: string) => new Date(iso).getTime();

describe("parseDate: W3C ISO 8601 and epoch seconds, never the host's time zone", () => {
  it("reads every W3C form, a zone-less date-time as UTC", () => {
    expect(parseDate("2024-06-01T12:00:00Z")).toBe(utc("2024-06-01T12:00:00.000Z"));
    expect(parseDate("2024-06-01T12:00:00")).toBe(utc("2024-06-01T12:00:00.000Z"));
    expect(parseDate("2024-06-01T12:00")).toBe(utc("2024-06-01T12:00:00.000Z"));
    expect(parseDate("2024-06-01T12:00Z")).toBe(utc("2024-06-01T12:00:00.000Z"));
    expect(parseDate("2024-06-01")).toBe(utc("2024-06-01T00:00:00.000Z"));
    expect(parseDate("2024-06")).toBe(utc("2024-06-01T00:00:00.000Z"));
    expect(parseDate("2024-06-01T12:00:00.25Z")).toBe(utc("2024-06-01T12:00:00.250Z"));
    expect(parseDate("2024-06-01T14:30:00+02:30")).toBe(utc("2024-06-01T12:00:00.000Z"));
    expect(parseDate("2024-06-01T09:00:00-03:00")).toBe(utc("2024-06-01T12:00:00.000Z"));
  });

  it("gives the same instant whatever the host's time zone", () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ["Pacific/Auckland", "America/New_York", "UTC"]) {
        process.env.TZ = zone;
        expect(parseDate("2024-06-01T12:00:00"), zone).toBe(utc("2024-06-01T12:00:00.000Z"));
        expect(parseDate("2024-06-01"), zone).toBe(utc("2024-06-01T00:00:00.000Z"));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("reads epoch seconds as a number or a digit string", () => {
    expect(parseDate(1717243200)).toBe(1717243200000);
    expect(parseDate("1717243200")).toBe(1717243200000);
    expect(parseDate(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it("refuses what is not a date (impossible fields included)", () => {
    for (const bad of [
      "June 1st",
      "2024-06-01 12:00:00",
      "2024-13-01",
      "2024-02-30",
      "2024-06-01T24:30:00Z",
      "2024-06-01T12:60:00Z",
      "2024-06-01T12:00:61Z",
      "2024-06-01T12:00:00+0200",
      "x2024-06-01",
      "2024-06-01Tx",
    ])
      expect(parseDate(bad), bad).toBeUndefined();
    expect(parseDate(true)).toBeUndefined();
  });
});

describe("parseNumber", () => {
  it("reads decimals and refuses anything else", () => {
    expect(parseNumber("10")).toBe(10);
    expect(parseNumber(" -1.5e2 ")).toBe(-150);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber(7)).toBe(7);
    expect(parseNumber(Number.NaN)).toBeUndefined();
    expect(parseNumber("ten")).toBeUndefined();
    expect(parseNumber("1x")).toBeUndefined();
    expect(parseNumber("x1")).toBeUndefined();
    expect(parseNumber(true)).toBeUndefined();
  });
});

describe("IP addresses and CIDR blocks, IPv4 and IPv6", () => {
  const inBlock = (address: string, block: string) => {
    const a = parseIpAddress(address);
    const b = parseIpBlock(block);
    if (a === undefined || b === undefined) throw new Error(`unreadable ${address} or ${block}`);
    return ipInBlock(a, b);
  };

  it("IPv4 blocks at their edges: /0 holds every IPv4 address, /32 one, /33 is no block", () => {
    expect(inBlock("203.0.113.255", "203.0.113.0/24")).toBe(true);
    expect(inBlock("203.0.114.0", "203.0.113.0/24")).toBe(false);
    expect(inBlock("1.2.3.4", "0.0.0.0/0")).toBe(true);
    expect(inBlock("255.255.255.255", "0.0.0.0/0")).toBe(true);
    expect(inBlock("198.51.100.7", "198.51.100.7/32")).toBe(true);
    expect(inBlock("198.51.100.8", "198.51.100.7/32")).toBe(false);
    expect(inBlock("198.51.100.7", "198.51.100.7")).toBe(true);
    expect(inBlock("10.255.0.1", "10.0.0.0/8")).toBe(true);
    expect(inBlock("11.0.0.0", "10.0.0.0/8")).toBe(false);
    expect(inBlock("128.0.0.0", "0.0.0.0/1")).toBe(false);
    expect(inBlock("127.255.255.255", "0.0.0.0/1")).toBe(true);
    expect(parseIpBlock("10.0.0.0/33")).toBeUndefined();
    expect(parseIpBlock("10.0.0.0/")).toBeUndefined();
    expect(parseIpBlock("10.0.0.0/1a")).toBeUndefined();
    expect(parseIpBlock("256.0.0.0/8")).toBeUndefined();
    expect(parseIpBlock("10.0.0/8")).toBeUndefined();
  });

  it("IPv6 blocks: compressed, full and dotted forms; /0, /128, /129", () => {
    expect(inBlock("2001:db8::1", "2001:db8::/32")).toBe(true);
    expect(inBlock("2001:db9::1", "2001:db8::/32")).toBe(false);
    expect(inBlock("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1/128")).toBe(true);
    expect(inBlock("2001:db8::2", "2001:db8::1/128")).toBe(false);
    expect(inBlock("2001:db8::2", "2001:db8::1")).toBe(false);
    expect(inBlock("::1", "::/0")).toBe(true);
    expect(inBlock("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")).toBe(true);
    expect(inBlock("64:ff9b::192.0.2.33", "64:ff9b::/96")).toBe(true);
    expect(parseIpBlock("2001:db8::/129")).toBeUndefined();
    expect(parseIpBlock("2001:db8:::/32")).toBeUndefined();
    expect(parseIpBlock("2001:db8::g/32")).toBeUndefined();
    expect(parseIpBlock("1:2:3:4:5:6:7/64")).toBeUndefined();
    expect(parseIpBlock("1::2::3/64")).toBeUndefined();
    expect(parseIpBlock("1:2:3:4:5:6:7:8:9/64")).toBeUndefined();
    expect(parseIpBlock("::ffff:300.0.0.1/128")).toBeUndefined();
  });

  it("families never cross: an IPv4 address is in no IPv6 block and the reverse", () => {
    expect(inBlock("10.0.0.1", "::/0")).toBe(false);
    expect(inBlock("2001:db8::1", "0.0.0.0/0")).toBe(false);
  });

  it("an IPv4-mapped IPv6 address is the IPv4 client it stands for", () => {
    expect(parseIpAddress("::ffff:192.0.2.1")).toEqual({ family: 4, bits: 0xc0000201n });
    expect(parseIpAddress("::ffff:c000:0201")).toEqual({ family: 4, bits: 0xc0000201n });
    expect(inBlock("::ffff:192.0.2.1", "192.0.2.0/24")).toBe(true);
    expect(parseIpAddress("::fffe:192.0.2.1")?.family).toBe(6);
    expect(parseIpAddress("vpce-1234")).toBeUndefined();
    expect(parseIpAddress("not:an:address")).toBeUndefined();
  });
});

// Edge cases a looser reading would turn into a match. The operators' value types are AWS's:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
describe("typed values at the edges of their syntax", () => {
  it("numbers: signed and multi-digit exponents read; JavaScript-only number syntax refused", () => {
    expect(parseNumber("1e-2")).toBe(0.01);
    expect(parseNumber("1E+2")).toBe(100);
    expect(parseNumber("2e10")).toBe(2e10);
    expect(parseNumber(".25")).toBe(0.25);
    // Number() would read these as 16, 0, 0 and Infinity; none is a decimal number.
    for (const bad of ["0x10", "", " ", "Infinity", "1e", "1ex5", "1e+-2"])
      expect(parseNumber(bad), JSON.stringify(bad)).toBeUndefined();
    expect(parseNumber(false)).toBeUndefined();
  });

  it("dates: a year below 100 is never read as 19xx", () => {
    // Date.UTC maps years 0-99 to 1900-1999; 0050-06-01 is not 1950-06-01.
    expect(parseDate("0050-06-01")).not.toBe(Date.UTC(1950, 5, 1));
    expect(parseDate("0099-12-31T23:59:59Z")).not.toBe(Date.UTC(1999, 11, 31, 23, 59, 59));
  });

  it("Bool: only true and false (any case) are booleans; numbers are not", () => {
    expect(parseBool("TRUE")).toBe(true);
    expect(parseBool("False")).toBe(false);
    expect(parseBool(false)).toBe(false);
    expect(parseBool(1)).toBeUndefined();
    expect(parseBool(0)).toBeUndefined();
    expect(parseBool("yes")).toBeUndefined();
  });

  it("IPv6: :: may stand for a single zero group; a group of more than 4 hex digits is refused", () => {
    // RFC 4291 section 2.2: "::" indicates one or more groups of 16 bits of zeros.
    expect(parseIpAddress("1:2:3:4:5:6::8")).toEqual({
      family: 6,
      bits: 0x0001_0002_0003_0004_0005_0006_0000_0008n,
    });
    expect(parseIpAddress("1:2:3:4:5:6:7")).toBeUndefined();
    expect(parseIpAddress("12345::1")).toBeUndefined();
    expect(parseIpAddress("1::12345")).toBeUndefined();
    expect(parseIpAddress("x1::1")).toBeUndefined();
    expect(parseIpAddress("1::1x")).toBeUndefined();
  });

  it("CIDR prefixes are 1-3 digits only: a negative or signed prefix is no block (it would hold every address)", () => {
    for (const bad of ["10.0.0.0/-8", "10.0.0.0/+8", "10.0.0.0/x8", "2001:db8::/-8", "/8", "/"])
      expect(parseIpBlock(bad), bad).toBeUndefined();
  });
});
