// Typed values of the Numeric, Date, Bool and IpAddress condition operators, parsed the way AWS reads
// them: numbers as decimals, dates as ISO 8601 or epoch seconds, addresses as IPv4 CIDR blocks.

/** A decimal number; `undefined` when the text is not one. */
export function parseNumber(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
    return undefined;
  return Number(value);
}

/** Milliseconds since the epoch of an ISO 8601 date or of epoch seconds; `undefined` otherwise. */
export function parseDate(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `"true"` / `"false"` (any case) or a boolean; `undefined` otherwise. */
export function parseBool(value: string | number | boolean): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

export interface Ipv4Block {
  readonly base: number;
  readonly mask: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number; `undefined` for anything else (IPv6 included). */
export function parseIpv4(value: string): number | undefined {
  const match = IPV4.exec(value);
  if (match === null) return undefined;
  let out = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    out = out * 256 + octet;
  }
  return out;
}

/** `a.b.c.d/n` or a bare address (= /32); `undefined` when not IPv4. */
export function parseIpv4Block(value: string): Ipv4Block | undefined {
  const slash = value.indexOf("/");
  const address = parseIpv4(slash < 0 ? value : value.slice(0, slash));
  const prefixText = slash < 0 ? "32" : value.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (address & mask) >>> 0, mask };
}

export function ipv4InBlock(address: number, block: Ipv4Block): boolean {
  return (address & block.mask) >>> 0 === block.base;
}
