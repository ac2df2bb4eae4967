// A VPC Lattice world on a real platform for the plugin's tests: three accounts (the owner of the
// networks and services, a client the networks are shared with by RAM, a stranger), their VPCs, an
// echo function behind LAMBDA target groups (V1 and V2), an open (NONE) and a gated (AWS_IAM)
// network, three services (routed: NONE with rules and a weighted forward; guarded: AWS_IAM with a
// policy; unpoliced: AWS_IAM without one), and two signing roles of the client account.
import { expect } from "vitest";
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { AwsCredentials } from "../../../iam/types.js";
import type { ServiceNetworkDoor } from "../../../network/front-door-registry.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { ec2Plugin } from "../ec2/ec2-plugin.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { lambdaPlugin } from "../lambda/lambda-plugin.js";
import { ramPlugin } from "../ram/ram-plugin.js";
import { vpcLatticePlugin } from "./vpclattice-plugin.js";

export const OWNER = "444444444444";
export const CLIENT = "555555555555";
export const STRANGER = "666666666666";
export const REGION = "eu-central-1";
export const owner = testStack(OWNER, "Owner");
export const client = testStack(CLIENT, "Client");
export const stranger = testStack(STRANGER, "Stranger");
export const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
export const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });`;

export interface LatticeWorld {
  readonly world: PlatformUnderTest;
  readonly door: ServiceNetworkDoor;
  readonly vpcs: Record<string, { id: string; account: string }>;
  readonly services: Record<string, { arn: string; dns: string }>;
  readonly groups: Record<string, string>;
  readonly signedAllowed: AwsCredentials;
  readonly signedDenied: AwsCredentials;
  /** The runtime's log lines. */
  readonly log: string[];
  send(name: string, from: string, url?: string, init?: Partial<LocalRequest>): Promise<LocalResponse>;
}

/** The echo function's event, from a 200 response. */
export function eventOf(response: LocalResponse): Record<string, unknown> {
  expect(response.status, String(response.body)).toBe(200);
  return JSON.parse(String(response.body)) as Record<string, unknown>;
}

export async function startLatticeWorld(): Promise<LatticeWorld> {
  let world: PlatformUnderTest;
  const vpcs: Record<string, { id: string; account: string }> = {};
  const services: Record<string, { arn: string; dns: string }> = {};
  const groups: Record<string, string> = {};
  const log: string[] = [];
  async function vpc(stack: typeof owner, name: string, cidr: string) {
    const created = await world.create(stack, name, "AWS::EC2::VPC", { CidrBlock: cidr });
    vpcs[name] = { id: created.ref, account: stack.account };
  }

  async function service(name: string, authType: string, listener: Record<string, unknown>) {
    const created = await world.create(owner, name, "AWS::VpcLattice::Service", {
      Name: name,
      AuthType: authType,
    });
    services[name] = { arn: created.ref, dns: String(created.attributes?.["DnsEntry.DomainName"]) };
    const made = await world.create(owner, `${name}Listener`, "AWS::VpcLattice::Listener", {
      ServiceIdentifier: created.attributes?.Id,
      Protocol: "HTTP",
      Port: 80,
      ...listener,
    });
    return { ...created, listener: made.ref };
  }

  function forward(...weighted: [string, number][]) {
    return {
      Forward: { TargetGroups: weighted.map(([g, w]) => ({ TargetGroupIdentifier: groups[g], Weight: w })) },
    };
  }

  function request(name: string, from: string, url = "/", init: Partial<LocalRequest> = {}): LocalRequest {
    const { headers, ...rest } = init;
    return {
      method: "GET",
      url,
      headers: { host: [services[name]?.dns ?? ""], ...headers },
      body: Buffer.alloc(0),
      source: { vpc: vpcs[from], sourceIp: "10.1.0.25", via: ["test"] },
      protocol: "http",
      ...rest,
    };
  }

  async function send(
    name: string,
    from: string,
    url = "/",
    init: Partial<LocalRequest> = {},
  ): Promise<LocalResponse> {
    const host = services[name]?.dns ?? "";
    const listener = door.listeners().find((l) => l.host === host);
    if (listener === undefined) throw new Error(`no listener for ${host}`);
    return listener.handler(request(name, from, url, init));
  }

  world = await platformUnderTest(
    [iamPlugin, ec2Plugin, lambdaPlugin, ramPlugin, vpcLatticePlugin],
    [owner, client, stranger],
    (line) => log.push(line),
  );
  await vpc(owner, "OwnerVpc", "10.0.0.0/16");
  await vpc(client, "ClientVpc", "10.1.0.0/16");
  await vpc(client, "GatedVpc", "10.2.0.0/16");
  await vpc(stranger, "StrangerVpc", "10.3.0.0/16");
  const role = await world.create(owner, "EchoRole", "AWS::IAM::Role", { AssumeRolePolicyDocument: trust });
  await world.create(owner, "Echo", "AWS::Lambda::Function", {
    FunctionName: "echo",
    Runtime: "nodejs22.x",
    Handler: "index.handler",
    Role: String(role.attributes?.Arn),
    Code: { ZipFile: ECHO },
  });
  for (const [name, version] of [
    ["v2", "V2"],
    ["v2b", "V2"],
    ["v1", "V1"],
  ] as const) {
    const group = await world.create(owner, `Tg${name}`, "AWS::VpcLattice::TargetGroup", {
      Name: `echo-${name}`,
      Type: "LAMBDA",
      Config: { LambdaEventStructureVersion: version },
      Targets: [{ Id: `arn:aws:lambda:${REGION}:${OWNER}:function:echo` }],
    });
    groups[name] = String(group.attributes?.Id);
    await world.create(owner, `Allow${name}`, "AWS::Lambda::Permission", {
      FunctionName: "echo",
      Action: "lambda:InvokeFunction",
      Principal: "vpc-lattice.amazonaws.com",
      SourceArn: group.ref,
    });
  }
  const open = await world.create(owner, "Open", "AWS::VpcLattice::ServiceNetwork", {
    Name: "open",
    AuthType: "NONE",
  });
  const gated = await world.create(owner, "Gated", "AWS::VpcLattice::ServiceNetwork", {
    Name: "gated",
    AuthType: "AWS_IAM",
  });
  await world.create(owner, "GatedPolicy", "AWS::VpcLattice::AuthPolicy", {
    ResourceIdentifier: gated.ref,
    Policy: {
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestQueryString/pass": "yes" } },
        },
      ],
    },
  });
  await world.create(owner, "Share", "AWS::RAM::ResourceShare", {
    Name: "networks",
    AllowExternalPrincipals: false,
    Principals: [CLIENT],
    ResourceArns: [open.ref, gated.ref],
  });
  const routed = await service("routed", "NONE", {
    DefaultAction: forward(["v2", 3], ["v2b", 1]),
  });
  await world.create(owner, "RuleV1", "AWS::VpcLattice::Rule", {
    Name: "v1-api",
    ListenerIdentifier: routed.listener,
    Priority: 10,
    Match: {
      HttpMatch: {
        PathMatch: { Match: { Prefix: "/v1" } },
        HeaderMatches: [{ Name: "X-Version", Match: { Exact: "one" } }],
      },
    },
    Action: forward(["v1", 1]),
  });
  await world.create(owner, "RuleTeapot", "AWS::VpcLattice::Rule", {
    Name: "posts",
    ListenerIdentifier: routed.listener,
    Priority: 5,
    Match: { HttpMatch: { Method: "POST" } },
    Action: { FixedResponse: { StatusCode: 404 } },
  });
  const guarded = await service("guarded", "AWS_IAM", { DefaultAction: forward(["v2", 1]) });
  await world.create(owner, "GuardedPolicy", "AWS::VpcLattice::AuthPolicy", {
    ResourceIdentifier: guarded.attributes?.Id,
    Policy: {
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: {
              "vpc-lattice-svcs:RequestMethod": "GET",
              "vpc-lattice-svcs:SourceVpcOwnerAccount": CLIENT,
            },
          },
        },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestHeader/x-block": "1" } },
        },
      ],
    },
  });
  await service("unpoliced", "AWS_IAM", { DefaultAction: forward(["v2", 1]) });
  for (const name of ["routed", "guarded", "unpoliced"]) {
    for (const network of [open, gated]) {
      await world.create(
        owner,
        `${name}In${network.attributes?.Name}`,
        "AWS::VpcLattice::ServiceNetworkServiceAssociation",
        {
          ServiceIdentifier: services[name]?.arn,
          ServiceNetworkIdentifier: network.ref,
        },
      );
    }
  }
  await world.create(client, "ClientAssociation", "AWS::VpcLattice::ServiceNetworkVpcAssociation", {
    ServiceNetworkIdentifier: open.ref,
    VpcIdentifier: vpcs.ClientVpc?.id,
  });
  await world.create(client, "GatedAssociation", "AWS::VpcLattice::ServiceNetworkVpcAssociation", {
    ServiceNetworkIdentifier: gated.ref,
    VpcIdentifier: vpcs.GatedVpc?.id,
  });
  const callerRole = async (name: string, statements: unknown[]) => {
    const created = await world.create(client, name, "AWS::IAM::Role", {
      RoleName: name,
      AssumeRolePolicyDocument: trust,
      ...(statements.length === 0
        ? {}
        : { Policies: [{ PolicyName: "p", PolicyDocument: { Statement: statements } }] }),
    });
    return world.platform.credentials.forRole(String(created.attributes?.Arn));
  };
  const signedAllowed = await callerRole("Invoker", [
    { Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: `${services.guarded?.arn}/*` },
  ]);
  const signedDenied = await callerRole("Bystander", []);
  await world.ready();
  const [found] = world.platform.frontDoors.serviceNetworkDoors();
  if (found === undefined) throw new Error("VPC Lattice registered no door");
  const door = found;
  return { world, door, vpcs, services, groups, signedAllowed, signedDenied, log, send };
}
