import { describe, expect, it } from "vitest";
import { cidrSubnets } from "./cidr.js";

describe("cidrSubnets", () => {
  it("matches the AWS documentation example (6 × /27 of a /24)", () => {
    expect(cidrSubnets("192.168.0.0/24", 6, 5)).toEqual([
      "192.168.0.0/27",
      "192.168.0.32/27",
      "192.168.0.64/27",
      "192.168.0.96/27",
      "192.168.0.128/27",
      "192.168.0.160/27",
    ]);
  });

  it("splits from the network address of an unaligned block", () => {
    expect(cidrSubnets("10.0.7.9/16", 3, 8)).toEqual(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
  });

  it("splits IPv6 blocks into compressed /64 and /48 subnets", () => {
    expect(cidrSubnets("2600:1f14:fab:e00::/56", 3, 64)).toEqual([
      "2600:1f14:fab:e00::/64",
      "2600:1f14:fab:e01::/64",
      "2600:1f14:fab:e02::/64",
    ]);
    expect(cidrSubnets("2001:DB8::/32", 3, 80)).toEqual([
      "2001:db8::/48",
      "2001:db8:1::/48",
      "2001:db8:2::/48",
    ]);
  });

  it("rejects subnets that do not fit, bad counts and bad blocks", () => {
    expect(() => cidrSubnets("10.0.0.0/24", 3, 7)).toThrow(/holds only 2 subnets/);
    expect(() => cidrSubnets("10.0.0.0/24", 1, 9)).toThrow(RangeError);
    expect(() => cidrSubnets("10.0.0.0/16", 0, 8)).toThrow(/count/);
    expect(() => cidrSubnets("10.0.0.0/16", 257, 8)).toThrow(/count/);
    expect(() => cidrSubnets("10.0.0.300/16", 1, 8)).toThrow(/not a CIDR block/);
    expect(() => cidrSubnets("1::2::3/64", 1, 8)).toThrow(/not a CIDR block/);
  });
});
