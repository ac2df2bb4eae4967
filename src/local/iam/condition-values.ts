// Typed values of the Numeric, Date, Bool and IpAddress condition operators, parsed the way AWS reads
// them: numbers as decimals, dates as W3C ISO 8601 or epoch seconds (never in the host's time zone),
// addresses as IPv4 or IPv6 CIDR blocks.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

/** A decimal number; `undefined` when the text is not one. */
export function parseNumber(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
    return undefined;
  return Number(value);
}

// W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime): YYYY-MM, YYYY-MM-DD, and date-times
// with hh:mm, hh:mm:ss or hh:mm:ss.s and a zone designator (Z or ±hh:mm).
const W3C_DATE =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?$/;

/**
 * Milliseconds since the epoch of a Date operator value: epoch seconds (a number or a digit string) or a
 * W3C ISO 8601 date; `undefined` otherwise. A date-time without a zone designator is read as UTC, never
 * in the host's zone (AWS does not document this case: see docs/iam-uncertainties.md).
 */
export function parseDate(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const match = W3C_DATE.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d = "01", h = "00", mi = "00", s = "00", fraction = "", zone = "Z"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Rejects 2024-02-30, 25:00, 12:60 (Date.UTC would roll them over).
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  )
    return undefined;
  const millis = Math.floor(Number(`0.${fraction || "0"}`) * 1000);
  return utc + millis - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/** `"true"` / `"false"` (any case) or a boolean; `undefined` otherwise. */
export function parseBool(value: string | number | boolean): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

/** An IPv4 or IPv6 address as a number of 32 or 128 bits. */
export interface IpAddressValue {
  readonly family: 4 | 6;
  readonly bits: bigint;
}

/** A CIDR block: addresses of `family` whose `bits & mask` equal `base`. */
export interface IpBlock {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly mask: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4Bits(value: string): bigint | undefined {
  const match = IPV4.exec(value);
  if (match === null) return undefined;
  let out = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    out = (out << 8n) | BigInt(octet);
  }
  return out;
}

/** RFC 4291 text: eight groups, `::` for a run of zero groups, an optional dotted IPv4 tail. */
function parseIpv6Bits(value: string): bigint | undefined {
  let text = value;
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    tail = parseIpv4Bits(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let out = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    out = (out << 16n) | BigInt(`0x${group}`);
  }
  return tail === undefined ? out : out | tail;
}

/**
 * An IPv4 or IPv6 address; `undefined` for anything else. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, how a dual-stack socket reports an IPv4 client) is the IPv4 address it maps.
 */
export function parseIpAddress(value: string): IpAddressValue | undefined {
  const v4 = parseIpv4Bits(value);
  if (v4 !== undefined) return { family: 4, bits: v4 };
  if (!value.includes(":")) return undefined;
  const v6 = parseIpv6Bits(value);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === MAPPED_PREFIX >> 32n) return { family: 4, bits: v6 & 0xffffffffn };
  return { family: 6, bits: v6 };
}

/** `address/prefix` (IPv4 /0–/32, IPv6 /0–/128) or a bare address (one address); `undefined` otherwise. */
export function parseIpBlock(value: string): IpBlock | undefined {
  const slash = value.indexOf("/");
  const addressText = slash < 0 ? value : value.slice(0, slash);
  const family = addressText.includes(":") ? 6 : 4;
  const bits = family === 4 ? parseIpv4Bits(addressText) : parseIpv6Bits(addressText);
  if (bits === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(width) : value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > width) return undefined;
  const all = (1n << BigInt(width)) - 1n;
  const mask = all ^ ((1n << BigInt(width - prefix)) - 1n);
  return { family, base: bits & mask, mask };
}

/** Whether an address lies in a block of its own family (IPv4 never matches an IPv6 block). */
export function ipInBlock(address: IpAddressValue, block: IpBlock): boolean {
  return address.family === block.family && (address.bits & block.mask) === block.base;
}
