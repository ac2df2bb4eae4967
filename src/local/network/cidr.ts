import { AccountmeshError } from "../../shared/errors.js";

export interface Ipv4Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` (IPv4 only); the base is masked to the network address. */
export function parseCidr(cidr: string): Ipv4Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const prefix = match === null ? Number.NaN : Number(match[5]);
  if (match === null || prefix > 32) {
    throw new AccountmeshError("NETWORK_INVALID_CIDR", `Not an IPv4 CIDR block: ${JSON.stringify(cidr)}.`, {
      cidr,
    });
  }
  const ip = ipToNumber(`${match[1]}.${match[2]}.${match[3]}.${match[4]}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ip & mask) >>> 0, prefix };
}

/** The addresses of a block: how many, and the n-th one. */
export function cidrHosts(cidr: string): { readonly count: number; at(n: number): string } {
  const { base, prefix } = parseCidr(cidr);
  const count = 2 ** (32 - prefix);
  return { count, at: (n) => numberToIp(base + n) };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, prefix } = parseCidr(cidr);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (ipToNumber(ip) & mask) >>> 0 === base;
}

export function ipToNumber(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new AccountmeshError("NETWORK_INVALID_IP", `Not an IPv4 address: ${JSON.stringify(ip)}.`, { ip });
  }
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

export function numberToIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}
