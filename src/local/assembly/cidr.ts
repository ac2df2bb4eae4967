// Fn::Cidr arithmetic for IPv4 and IPv6 (pure).

interface ParsedBlock {
  readonly version: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

/**
 * `count` consecutive subnets of `ipBlock`, each with `cidrBits` host bits (a /27 for IPv4 when
 * cidrBits is 5), starting at the block's network address — what `Fn::Cidr` returns. Throws a
 * RangeError when the arguments are invalid or the subnets do not fit.
 */
export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] {
  const block = parseBlock(ipBlock);
  const width = block.version === 4 ? 32 : 128;
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new RangeError(`count must be an integer from 1 to 256, received ${count}`);
  }
  const prefix = width - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || prefix < block.prefix) {
    throw new RangeError(
      `cidrBits ${cidrBits} does not fit in ${ipBlock} (it leaves ${width - block.prefix} bits)`,
    );
  }
  if (BigInt(count) > 1n << BigInt(prefix - block.prefix)) {
    throw new RangeError(
      `${ipBlock} holds only ${2n ** BigInt(prefix - block.prefix)} subnets of /${prefix}`,
    );
  }
  const hostMask = (1n << BigInt(width - block.prefix)) - 1n;
  const network = block.address & ~hostMask;
  const step = 1n << BigInt(cidrBits);
  return Array.from({ length: count }, (_, i) => {
    const address = network + BigInt(i) * step;
    return `${block.version === 4 ? formatIpv4(address) : formatIpv6(address)}/${prefix}`;
  });
}

function parseBlock(ipBlock: string): ParsedBlock {
  const [ip = "", prefixText, ...rest] = ipBlock.split("/");
  const prefix = Number(prefixText);
  const version = ip.includes(":") ? 6 : 4;
  const width = version === 4 ? 32 : 128;
  if (rest.length > 0 || !/^\d+$/.test(prefixText ?? "") || prefix > width) {
    throw new RangeError(`${JSON.stringify(ipBlock)} is not a CIDR block`);
  }
  const address = version === 4 ? parseIpv4(ip) : parseIpv6(ip);
  if (address === undefined) throw new RangeError(`${JSON.stringify(ipBlock)} is not a CIDR block`);
  return { version, address, prefix };
}

function parseIpv4(ip: string): bigint | undefined {
  const octets = ip.split(".");
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseIpv6(ip: string): bigint | undefined {
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join(".");
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
