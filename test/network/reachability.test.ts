import { describe, expect, it } from "vitest";
import type { StackArtifact } from "../../src/local/assembly/types.js";
import { apiGatewayPlugin } from "../../src/local/aws/services/apigateway/apigateway-plugin.js";
import { ec2Plugin } from "../../src/local/aws/services/ec2/ec2-plugin.js";
import { elasticLoadBalancingPlugin } from "../../src/local/aws/services/elasticloadbalancing/elasticloadbalancing-plugin.js";
import { route53Plugin } from "../../src/local/aws/services/route53/route53-plugin.js";
import { findDestination } from "../../src/local/network/reachability.js";
import { platformUnderTest, testStack as stack } from "../../src/local/runtime/platform.test-support.js";

async function build() {
  const consumer = stack("111111111111", "Consumer");
  const food = stack("222222222222", "Food");
  const world = await platformUnderTest(
    [ec2Plugin, route53Plugin, elasticLoadBalancingPlugin, apiGatewayPlugin],
    [consumer, food],
  );
  const { network, frontDoors: doors } = world.platform;
  const create = (s: StackArtifact, logicalId: string, type: string, properties: Record<string, unknown>) =>
    world.create(s, logicalId, type, properties);
  const vpc = await create(consumer, "Vpc", "AWS::EC2::VPC", { CidrBlock: "192.168.0.0/16" });
  const s1 = await create(consumer, "S1", "AWS::EC2::Subnet", {
    VpcId: vpc.ref,
    CidrBlock: "192.168.2.0/24",
    AvailabilityZone: "eu-central-1a",
  });
  const s2 = await create(consumer, "S2", "AWS::EC2::Subnet", {
    VpcId: vpc.ref,
    CidrBlock: "192.168.3.0/24",
    AvailabilityZone: "eu-central-1b",
  });
  const foodVpc = await create(food, "Vpc", "AWS::EC2::VPC", { CidrBlock: "10.0.0.0/16" });
  await create(food, "S1", "AWS::EC2::Subnet", { VpcId: foodVpc.ref, CidrBlock: "10.0.0.0/24" });
  const endpoint = await create(consumer, "Endpoint", "AWS::EC2::VPCEndpoint", {
    VpcId: vpc.ref,
    ServiceName: "com.amazonaws.eu-central-1.execute-api",
    VpcEndpointType: "Interface",
    SubnetIds: [s1.ref, s2.ref],
    PrivateDnsEnabled: false,
  });
  const lb = await create(consumer, "Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {
    Name: "internal-one",
    Scheme: "internal",
    Subnets: [s1.ref, s2.ref],
  });
  const ips = ((endpoint.attributes?.NetworkInterfaceIds ?? []) as string[]).map(
    (id) => network.interfaces.get(id)?.privateIp,
  );
  const tg = await create(consumer, "Targets", "AWS::ElasticLoadBalancingV2::TargetGroup", {
    Protocol: "HTTPS",
    Port: 443,
    TargetType: "ip",
    Targets: ips.map((Id) => ({ Id, Port: 443 })),
  });
  await create(consumer, "Https", "AWS::ElasticLoadBalancingV2::Listener", {
    LoadBalancerArn: lb.ref,
    Port: 443,
    Protocol: "HTTPS",
    DefaultActions: [{ Type: "forward", TargetGroupArn: tg.ref }],
  });
  const zone = await create(consumer, "Zone", "AWS::Route53::HostedZone", {
    Name: "example.internal.",
    VPCs: [{ VPCId: vpc.ref, VPCRegion: "eu-central-1" }],
  });
  await create(consumer, "Food", "AWS::Route53::RecordSet", {
    HostedZoneId: zone.ref,
    Name: "food.example.internal.",
    Type: "A",
    AliasTarget: { DNSName: `dualstack.${String(lb.attributes?.DNSName)}`, HostedZoneId: "Z215JYRZR1TBD5" },
  });
  await world.ready();
  return { network, doors, vpc: vpc.ref, foodVpc: foodVpc.ref, endpoint, lb, ips };
}

describe("local network reachability", () => {
  it("assigns the same deterministic addresses on every build", async () => {
    const a = await build();
    const b = await build();
    expect(a.vpc).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(a.vpc).toBe(b.vpc);
    expect(a.ips).toEqual(b.ips);
    expect(a.ips[0]).toMatch(/^192\.168\.2\.\d+$/);
    expect(a.ips[1]).toMatch(/^192\.168\.3\.\d+$/);
  });

  it("resolves a private zone name to the internal load balancer from its VPC only", async () => {
    const { network, doors, vpc, foodVpc } = await build();
    const inside = findDestination(network, doors, vpc, "food.example.internal", 443);
    expect(inside.kind).toBe("listener");
    const otherVpc = findDestination(network, doors, foodVpc, "food.example.internal", 443);
    expect(otherVpc).toMatchObject({ kind: "refused", reason: "NXDOMAIN" });
    const outside = findDestination(network, doors, undefined, "FOOD.example.internal.", 443);
    expect(outside).toMatchObject({ kind: "refused", reason: "NXDOMAIN" });
  });

  it("answers NXDOMAIN for names the private zone does not hold (the zone is authoritative)", async () => {
    const { network, doors, vpc } = await build();
    expect(findDestination(network, doors, vpc, "tea.example.internal", 443)).toMatchObject({
      reason: "NXDOMAIN",
    });
  });

  it("resolves the load balancer's public DNS name everywhere but reaches it only inside its VPC", async () => {
    const { network, doors, vpc, foodVpc, lb } = await build();
    const name = String(lb.attributes?.DNSName);
    expect(name).toMatch(/^internal-internal-one-\d{10}\.eu-central-1\.elb\.amazonaws\.com$/);
    expect(findDestination(network, doors, vpc, name, 443).kind).toBe("listener");
    expect(findDestination(network, doors, foodVpc, name, 443)).toMatchObject({
      kind: "refused",
      reason: "unreachable",
    });
    expect(findDestination(network, doors, vpc, name, 80)).toMatchObject({
      kind: "refused",
      reason: "closed",
    });
  });

  it("reaches the interface endpoint through its ENI addresses and DNS name", async () => {
    const { network, doors, vpc, ips, endpoint } = await build();
    const byIp = findDestination(network, doors, vpc, String(ips[0]), 443);
    expect(byIp).toMatchObject({ kind: "vpc-endpoint", endpoint: { id: endpoint.ref } });
    expect(byIp.kind === "vpc-endpoint" ? byIp.service?.tlsNames(byIp.endpoint) : []).toContain(
      "*.execute-api.eu-central-1.amazonaws.com",
    );
    const dns = String(((endpoint.attributes?.DnsEntries ?? []) as string[])[0]).split(":")[1] ?? "";
    expect(dns).toMatch(/^vpce-[0-9a-f]{17}-[a-z0-9]{8}\.execute-api\.eu-central-1\.vpce\.amazonaws\.com$/);
    expect(findDestination(network, doors, vpc, dns, 443).kind).toBe("vpc-endpoint");
  });

  it("sends public execute-api names to the public API Gateway endpoint", async () => {
    const { network, doors, vpc } = await build();
    const destination = findDestination(
      network,
      doors,
      vpc,
      "abcde12345.execute-api.eu-central-1.amazonaws.com",
      443,
    );
    expect(destination).toMatchObject({ kind: "public", port: 443 });
    expect(destination.kind === "public" ? destination.door.name : "").toMatch(/^API Gateway/);
    expect(
      findDestination(network, doors, vpc, "abcde12345.execute-api.us-west-2.amazonaws.com", 443),
    ).toMatchObject({
      kind: "refused",
      reason: "NXDOMAIN",
    });
  });
});
