// Test support: a global account's HTTP API reaching a provider account over PrivateLink, built
// through the plugins' own providers — VPC link → internal ALB (IP targets: the interface endpoint's
// addresses) → interface endpoint → endpoint service → internal NLB (TCP) → a workload address.
import type { LocalHandler, LocalRequest } from "../../../http/http-types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { ec2Plugin } from "../ec2/ec2-plugin.js";
import { elasticLoadBalancingPlugin } from "../elasticloadbalancing/elasticloadbalancing-plugin.js";
import { lambdaPlugin } from "../lambda/lambda-plugin.js";
import { apiGatewayV2Plugin } from "./apigatewayv2-plugin.js";

export const GLOBAL = "151515151515";
export const PROVIDER = "161616161616";
export const STRANGER = "171717171717";
export const globalStack = testStack(GLOBAL, "Global", "us-west-2");
export const providerStack = testStack(PROVIDER, "Provider", "us-west-2");
export const strangerStack = testStack(STRANGER, "Stranger", "us-west-2");

export interface PrivateLinkWorld {
  readonly world: PlatformUnderTest;
  readonly apiId: string;
  readonly host: string;
  /** The workload's answer; set `workload.down = true` to stop it listening. */
  readonly workload: { down: boolean; seen: LocalRequest[] };
  readonly serviceName: string;
  readonly globalVpcId: string;
}

async function vpc(world: PlatformUnderTest, stack: typeof globalStack, cidr: string) {
  const vpcId = (await world.create(stack, "Vpc", "AWS::EC2::VPC", { CidrBlock: cidr })).ref;
  const base = cidr.split(".").slice(0, 2).join(".");
  const subnets = [];
  for (const [n, az] of ["a", "b"].entries()) {
    subnets.push(
      (
        await world.create(stack, `Private${n}`, "AWS::EC2::Subnet", {
          VpcId: vpcId,
          CidrBlock: `${base}.${n + 1}.0/24`,
          AvailabilityZone: `us-west-2${az}`,
        })
      ).ref,
    );
  }
  return { vpcId, subnets };
}

/** Builds the world; `options.acceptanceRequired` and `options.allowed` shape the endpoint service. */
export async function privateLinkWorld(
  options: {
    allowed?: readonly string[];
    acceptanceRequired?: boolean;
    stage?: string;
    autoDeploy?: boolean;
  } = {},
): Promise<PrivateLinkWorld> {
  const world = await platformUnderTest(
    [ec2Plugin, elasticLoadBalancingPlugin, lambdaPlugin, apiGatewayV2Plugin],
    [providerStack, globalStack, strangerStack],
  );
  // Provider: a workload behind an internal NLB, behind an endpoint service.
  const provider = await vpc(world, providerStack, "10.1.0.0/16");
  const nic = world.platform.network.addInterface(
    provider.subnets[0] ?? "",
    { kind: "workload", id: "task-1" },
    PROVIDER,
    "ECS task task-1",
  );
  const workload = { down: false, seen: [] as LocalRequest[] };
  const echo: LocalHandler = async (request) => {
    workload.seen.push(request);
    return {
      status: 200,
      headers: { "content-type": "text/plain" },
      body: `${request.method} ${request.url}`,
    };
  };
  world.platform.frontDoors.serveWorkload(nic.id, {
    label: "ECS task task-1",
    id: "task-1",
    vpcId: provider.vpcId,
    ip: nic.privateIp,
    targetGroups: [],
    at: (port) => (workload.down || port !== 8080 ? undefined : echo),
  });
  const nlb = await world.create(providerStack, "Nlb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {
    Type: "network",
    Scheme: "internal",
    Subnets: provider.subnets,
  });
  const tasks = await world.create(providerStack, "Tasks", "AWS::ElasticLoadBalancingV2::TargetGroup", {
    Protocol: "TCP",
    Port: 8080,
    TargetType: "ip",
    VpcId: provider.vpcId,
    Targets: [{ Id: nic.privateIp, Port: 8080 }],
  });
  await world.create(providerStack, "NlbListener", "AWS::ElasticLoadBalancingV2::Listener", {
    LoadBalancerArn: nlb.ref,
    Protocol: "TCP",
    Port: 8080,
    DefaultActions: [{ Type: "forward", TargetGroupArn: tasks.ref }],
  });
  const service = await world.create(providerStack, "Service", "AWS::EC2::VPCEndpointService", {
    NetworkLoadBalancerArns: [nlb.ref],
    AcceptanceRequired: options.acceptanceRequired ?? false,
  });
  await world.create(providerStack, "Permissions", "AWS::EC2::VPCEndpointServicePermissions", {
    ServiceId: service.ref,
    AllowedPrincipals: options.allowed ?? [`arn:aws:iam::${GLOBAL}:root`],
  });
  const serviceName = `com.amazonaws.vpce.us-west-2.${service.ref}`;

  // Global: endpoint, ALB to its addresses, VPC link, HTTP API.
  const global = await vpc(world, globalStack, "10.0.0.0/16");
  const endpoint = await world.create(globalStack, "Endpoint", "AWS::EC2::VPCEndpoint", {
    VpcId: global.vpcId,
    ServiceName: serviceName,
    VpcEndpointType: "Interface",
    SubnetIds: global.subnets,
  });
  const addresses = ((endpoint.attributes?.NetworkInterfaceIds ?? []) as string[]).map(
    (id) => world.platform.network.interfaces.get(id)?.privateIp ?? "",
  );
  const alb = await world.create(globalStack, "Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {
    Scheme: "internal",
    Subnets: global.subnets,
  });
  const endpoints = await world.create(
    globalStack,
    "EndpointTargets",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    {
      Protocol: "HTTP",
      Port: 8080,
      TargetType: "ip",
      VpcId: global.vpcId,
      Targets: addresses.map((Id) => ({ Id })),
    },
  );
  const albListener = await world.create(
    globalStack,
    "AlbListener",
    "AWS::ElasticLoadBalancingV2::Listener",
    {
      LoadBalancerArn: alb.ref,
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: [{ Type: "forward", TargetGroupArn: endpoints.ref }],
    },
  );
  const link = await world.create(globalStack, "Link", "AWS::ApiGatewayV2::VpcLink", {
    Name: "link",
    SubnetIds: global.subnets,
  });
  const api = await world.create(globalStack, "Api", "AWS::ApiGatewayV2::Api", {
    Name: "global",
    ProtocolType: "HTTP",
  });
  const integration = await world.create(globalStack, "Integration", "AWS::ApiGatewayV2::Integration", {
    ApiId: api.ref,
    IntegrationType: "HTTP_PROXY",
    IntegrationMethod: "ANY",
    IntegrationUri: albListener.ref,
    ConnectionType: "VPC_LINK",
    ConnectionId: link.ref,
    PayloadFormatVersion: "1.0",
  });
  for (const [n, key] of ["ANY /dogs", "ANY /dogs/males", "ANY /todo/{todoId}"].entries()) {
    await world.create(globalStack, `Route${n}`, "AWS::ApiGatewayV2::Route", {
      ApiId: api.ref,
      RouteKey: key,
      Target: `integrations/${integration.ref}`,
    });
  }
  await world.create(globalStack, "Stage", "AWS::ApiGatewayV2::Stage", {
    ApiId: api.ref,
    StageName: options.stage ?? "$default",
    AutoDeploy: options.autoDeploy ?? true,
  });
  await world.ready();
  return {
    world,
    apiId: api.ref,
    host: `${api.ref}.execute-api.us-west-2.amazonaws.com`,
    workload,
    serviceName,
    globalVpcId: global.vpcId,
  };
}

/** A request from outside every VPC, as the entry point outside every VPC gives it. */
export function internetRequest(host: string, method: string, url: string, body = ""): LocalRequest {
  return {
    method,
    url,
    headers: { host: [host], "content-type": ["application/x-www-form-urlencoded"] },
    body: Buffer.from(body),
    protocol: "https",
    source: { sourceIp: "198.51.100.10", via: ["entry point outside every VPC"] },
  };
}
