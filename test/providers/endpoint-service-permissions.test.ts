// Acceptance 3 on a cloud assembly of its own: an interface endpoint from an account the endpoint
// service does not allow-list fails at start-up with AWS's reason (reported, the rest runs), and one
// to a service that requires acceptance stays pendingAcceptance and carries no traffic.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { stableId } from "../../src/shared/ids.js";
import { curl } from "../support/curl.js";
import { writeAssembly } from "../support/handwritten-assembly.js";

const REGION = "us-west-2";
const PROVIDER = "161616161616";
const ALLOWED = "151515151515";
const STRANGER = "181818181818";
const serviceId = (logicalId: string) =>
  `vpce-svc-${stableId([PROVIDER, REGION, "Provider", logicalId], 17)}`;
const serviceName = (logicalId: string) => `com.amazonaws.vpce.${REGION}.${serviceId(logicalId)}`;

const vpc = (cidr: string) => ({
  Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: cidr } },
  Subnet: {
    Type: "AWS::EC2::Subnet",
    Properties: {
      VpcId: { Ref: "Vpc" },
      CidrBlock: cidr.replace(/0\.0\/16$/, "1.0/24"),
      AvailabilityZone: `${REGION}a`,
    },
  },
});
const endpoint = (logicalId: string, service: string) => ({
  [logicalId]: {
    Type: "AWS::EC2::VPCEndpoint",
    Properties: {
      VpcId: { Ref: "Vpc" },
      ServiceName: service,
      VpcEndpointType: "Interface",
      SubnetIds: [{ Ref: "Subnet" }],
    },
  },
});
const endpointService = (logicalId: string, acceptanceRequired: boolean) => ({
  [logicalId]: {
    Type: "AWS::EC2::VPCEndpointService",
    Properties: { NetworkLoadBalancerArns: [{ Ref: "Nlb" }], AcceptanceRequired: acceptanceRequired },
  },
  [`${logicalId}Permissions`]: {
    Type: "AWS::EC2::VPCEndpointServicePermissions",
    Properties: { ServiceId: { Ref: logicalId }, AllowedPrincipals: [`arn:aws:iam::${ALLOWED}:root`] },
  },
});

let system: RunningSystem;
let dataDir: string;

beforeAll(async () => {
  const assembly = writeAssembly([
    {
      id: "Provider",
      environment: `aws://${PROVIDER}/${REGION}`,
      template: {
        Resources: {
          ...vpc("10.1.0.0/16"),
          Nlb: {
            Type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
            Properties: { Type: "network", Scheme: "internal", Subnets: [{ Ref: "Subnet" }] },
          },
          Group: {
            Type: "AWS::ElasticLoadBalancingV2::TargetGroup",
            Properties: { Protocol: "TCP", Port: 8080, TargetType: "ip", VpcId: { Ref: "Vpc" } },
          },
          Listener: {
            Type: "AWS::ElasticLoadBalancingV2::Listener",
            Properties: {
              LoadBalancerArn: { Ref: "Nlb" },
              Protocol: "TCP",
              Port: 8080,
              DefaultActions: [{ Type: "forward", TargetGroupArn: { Ref: "Group" } }],
            },
          },
          ...endpointService("Open", false),
          ...endpointService("Gated", true),
        },
      },
    },
    {
      id: "Allowed",
      environment: `aws://${ALLOWED}/${REGION}`,
      dependencies: ["Provider"],
      template: { Resources: { ...vpc("10.2.0.0/16"), ...endpoint("ToGated", serviceName("Gated")) } },
    },
    {
      id: "Stranger",
      environment: `aws://${STRANGER}/${REGION}`,
      dependencies: ["Provider"],
      template: { Resources: { ...vpc("10.3.0.0/16"), ...endpoint("ToOpen", serviceName("Open")) } },
    },
  ]);
  dataDir = mkdtempSync(join(tmpdir(), "accountmesh-permissions-"));
  system = await startRuntime({ assemblyDir: assembly, dataDir, inMemory: true, portBase: 0 });
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("3. an endpoint service's allowed principals and acceptance, enforced as AWS does", () => {
  it("reports at start-up that the service does not exist for an account it does not allow-list", () => {
    const reported = JSON.stringify(system.unsupported);
    expect(reported).toContain(`The Vpc Endpoint Service '${serviceName("Open")}' does not exist`);
    expect(reported).toContain(`account ${STRANGER} is not among its allowed principals`);
    expect(reported).toContain("Stranger");
  });

  it("gives the not-allowed account no endpoint, and leaves the one needing acceptance pending, carrying nothing", async () => {
    const proxyOf = (account: string) =>
      Object.entries(system.endpoints.vpcs).find(([name]) => name.startsWith(`${account}/`))?.[1].proxy ?? "";
    const endpointDns = (account: string, stack: string, logicalId: string, service: string) => {
      const id = `vpce-${stableId([account, stack, logicalId], 17)}`;
      return `${id}-${stableId([id], 8, "alnum")}.${service}.${REGION}.vpce.amazonaws.com`;
    };
    const refused = await curl(
      [`http://${endpointDns(STRANGER, "Stranger", "ToOpen", serviceId("Open"))}:8080/`],
      {
        proxy: proxyOf(STRANGER),
      },
    );
    expect(refused.body).toMatch(/does not resolve/);
    const pending = await curl(
      [`http://${endpointDns(ALLOWED, "Allowed", "ToGated", serviceId("Gated"))}:8080/`],
      {
        proxy: proxyOf(ALLOWED),
      },
    );
    expect(pending.status).toBe(502);
    expect(pending.body).toContain("is pendingAcceptance: it carries no traffic");
  });
});
