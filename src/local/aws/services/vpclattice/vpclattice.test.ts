// VPC Lattice through its front door on a real platform: reachability only from VPCs associated with a
// network that carries the service, listener rules (method, path, headers, priority, weighted forward,
// fixed response), LAMBDA targets with the V1 and V2 events, the network's then the service's auth
// policy (NONE skips, AWS_IAM without a policy denies), signed and anonymous callers, the headers
// Lattice strips and adds, and RAM deciding which accounts may associate a VPC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedLocalRequest } from "../../../../../test/support/signed-local-request.js";
import { isAccountmeshError } from "../../../../shared/errors.js";
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

const OWNER = "444444444444";
const CLIENT = "555555555555";
const STRANGER = "666666666666";
const REGION = "eu-central-1";
const owner = testStack(OWNER, "Owner");
const client = testStack(CLIENT, "Client");
const stranger = testStack(STRANGER, "Stranger");
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });`;

let world: PlatformUnderTest;
let door: ServiceNetworkDoor;
const vpcs: Record<string, { id: string; account: string }> = {};
const services: Record<string, { arn: string; dns: string }> = {};
const groups: Record<string, string> = {};
let signedAllowed: AwsCredentials;
let signedDenied: AwsCredentials;
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

function eventOf(response: LocalResponse): Record<string, unknown> {
  expect(response.status, String(response.body)).toBe(200);
  return JSON.parse(String(response.body)) as Record<string, unknown>;
}

beforeAll(async () => {
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
  signedAllowed = await callerRole("Invoker", [
    { Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: `${services.guarded?.arn}/*` },
  ]);
  signedDenied = await callerRole("Bystander", []);
  await world.ready();
  const [found] = world.platform.frontDoors.serviceNetworkDoors();
  if (found === undefined) throw new Error("VPC Lattice registered no door");
  door = found;
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe("reachability", () => {
  it("a service's DNS name is AWS's format and reaches it only from VPCs associated with a network carrying it", () => {
    expect(services.guarded?.dns).toMatch(
      /^guarded-[0-9a-f]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.eu-central-1\.on\.aws$/,
    );
    expect(door.reach(vpcs.ClientVpc?.id, services.guarded?.dns ?? "")).toEqual({ reachable: true });
    const refused = door.reach(vpcs.OwnerVpc?.id, services.guarded?.dns ?? "");
    expect(refused).toMatchObject({ reachable: false });
    expect(refused?.reachable === false && refused.message).toContain("associated with no service network");
    expect(door.reach(undefined, services.guarded?.dns ?? "")).toMatchObject({ reachable: false });
    expect(door.reach(vpcs.ClientVpc?.id, "example.com")).toBeUndefined();
  });
});

describe("listener rules", () => {
  it("the default action forwards by weight (3:1) to LAMBDA targets with the V2 event", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const event = eventOf(await send("routed", "ClientVpc", "/items?a=1&a=2&b=x"));
      seen.push(
        String((event.requestContext as Record<string, unknown>).targetGroupArn)
          .split("/")
          .at(-1) ?? "",
      );
    }
    expect(seen.filter((id) => id === groups.v2)).toHaveLength(6);
    expect(seen.filter((id) => id === groups.v2b)).toHaveLength(2);
    const event = eventOf(
      await send("routed", "ClientVpc", "/items?a=1&a=2&b=x", { headers: { "x-multi": ["1", "2"] } }),
    );
    expect(event).toMatchObject({
      version: "2.0",
      path: "/items",
      method: "GET",
      queryStringParameters: { a: ["1", "2"], b: ["x"] },
      isBase64Encoded: false,
      requestContext: {
        serviceArn: services.routed?.arn,
        region: REGION,
        identity: {
          sourceVpcArn: `arn:aws:ec2:${REGION}:${CLIENT}:vpc/${vpcs.ClientVpc?.id}`,
          type: "ANONYMOUS",
        },
      },
    });
    expect((event.headers as Record<string, unknown>)["x-multi"]).toEqual(["1", "2"]);
    expect(String((event.requestContext as Record<string, unknown>).timeEpoch)).toMatch(/^\d{16}$/);
  });

  it("a rule matches path prefix and header (case-insensitive by default) by priority: the V1 event", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/V1/things?x=1&x=2", {
        headers: { "x-version": ["ONE"], "x-multi": ["a", "b"] },
      }),
    );
    expect(event).toMatchObject({
      raw_path: "/V1/things?x=1&x=2",
      method: "GET",
      query_string_parameters: { x: "2" },
      is_base64_encoded: false,
    });
    expect((event.headers as Record<string, unknown>)["x-multi"]).toBe("a, b");
    // Without the header the rule does not match: the default action.
    expect(eventOf(await send("routed", "ClientVpc", "/v1/things")).version).toBe("2.0");
  });

  it("a fixed response answers without a target; the lower priority wins", async () => {
    const response = await send("routed", "ClientVpc", "/v1/things", {
      method: "POST",
      headers: { "x-version": ["one"] },
    });
    expect(response.status).toBe(404);
    expect(response.body).toBe("");
  });

  it("a binary body reaches the function base64-encoded", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/upload", {
        method: "PUT",
        headers: { "content-type": ["application/octet-stream"] },
        body: Buffer.from([0, 1, 2]),
      }),
    );
    expect(event).toMatchObject({ body: "AAEC", isBase64Encoded: true });
  });
});

describe("headers", () => {
  it("x-amzn-lattice-* and forwarding headers a client sends are dropped; Lattice's own reach the target", async () => {
    const event = eventOf(
      await send("routed", "ClientVpc", "/", {
        headers: {
          "x-amzn-lattice-network": [`SourceVpcArn=arn:aws:ec2:${REGION}:${OWNER}:vpc/vpc-forged`],
          "x-amzn-lattice-identity": ["Principal=arn:aws:iam::1:root; Type=AWS_IAM"],
          "x-forwarded-for": ["1.2.3.4"],
          forwarded: ["for=1.2.3.4"],
        },
      }),
    );
    const headers = event.headers as Record<string, string[]>;
    expect(headers["x-amzn-lattice-network"]).toEqual([
      `SourceVpcArn=arn:aws:ec2:${REGION}:${CLIENT}:vpc/${vpcs.ClientVpc?.id}`,
    ]);
    expect(headers["x-amzn-lattice-identity"]).toEqual(["Type=ANONYMOUS"]);
    expect(headers["x-forwarded-for"]).toEqual(["10.1.0.25"]);
    expect(headers.forwarded).toBeUndefined();
    expect(headers["x-amzn-lattice-target"]?.[0]).toContain(`ServiceArn=${services.routed?.arn}`);
  });
});

describe("auth policies", () => {
  it("AWS_IAM admits an anonymous caller the auth policy allows (condition keys from the path taken)", async () => {
    expect((await send("guarded", "ClientVpc", "/any/path")).status).toBe(200);
  });

  it("denies what no statement allows, in AWS's words, and logs the reason", async () => {
    const response = await send("guarded", "ClientVpc", "/a", { method: "DELETE" });
    expect(response.status).toBe(403);
    expect(response.body).toBe(
      `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${services.guarded?.arn}/a because no service-based policy allows the vpc-lattice-svcs:Invoke action`,
    );
    expect(log.some((line) => line.includes("DELETE /a") && line.includes("no service-based policy"))).toBe(
      true,
    );
  });

  it("an explicit Deny on a request header wins", async () => {
    const response = await send("guarded", "ClientVpc", "/", { headers: { "x-block": ["1"] } });
    expect(response.status).toBe(403);
    expect(response.body).toContain("with an explicit deny in a service-based policy");
  });

  it("AWS_IAM without an auth policy denies everything", async () => {
    expect((await send("unpoliced", "ClientVpc")).status).toBe(403);
  });

  it("an AWS_IAM network's policy is evaluated first, then the service's (NONE skips)", async () => {
    const blocked = await send("routed", "GatedVpc", "/");
    expect(blocked.status).toBe(403);
    expect(blocked.body).toContain("because no network-based policy allows");
    expect((await send("routed", "GatedVpc", "/?pass=yes")).status).toBe(200);
    // The network lets it through, the service's policy (owner CLIENT, GET) too.
    expect((await send("guarded", "GatedVpc", "/?pass=yes")).status).toBe(200);
  });

  it("a signed caller needs its identity policy to allow too; a bad signature is refused", async () => {
    const signed = async (credentials: AwsCredentials) => {
      const base = await signedLocalRequest({
        credentials,
        service: "vpc-lattice-svcs",
        region: REGION,
        at: new Date(),
        method: "GET",
        url: "/x",
        host: services.guarded?.dns ?? "",
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      });
      const listener = door.listeners().find((l) => l.host === services.guarded?.dns);
      return listener?.handler({
        ...base,
        source: { vpc: vpcs.ClientVpc, sourceIp: "10.1.0.25", via: ["test"] },
      });
    };
    const allowed = await signed(signedAllowed);
    expect(allowed?.status).toBe(200);
    const identity = (
      JSON.parse(String(allowed?.body)) as { requestContext: { identity: Record<string, string> } }
    ).requestContext.identity;
    expect(identity).toMatchObject({ type: "AWS_IAM", sessionName: expect.any(String) });
    expect(identity.principal).toMatch(/^arn:aws:sts::555555555555:assumed-role\/Invoker\//);
    const denied = await signed(signedDenied);
    expect(denied?.status).toBe(403);
    expect(denied?.body).toContain(
      "because no identity-based policy allows the vpc-lattice-svcs:Invoke action",
    );
    const forged = await signed({ ...signedAllowed, secretAccessKey: "wrong" });
    expect(forged?.status).toBe(403);
    expect(forged?.body).toMatch(/^InvalidSignatureException: /);
  });
});

describe("RAM", () => {
  it("an account the network is not shared with cannot associate a VPC: the account, the network and why", async () => {
    const network = await world.platform.aws.call(
      {
        caller: {
          principal: { kind: "root", account: OWNER, arn: `arn:aws:iam::${OWNER}:root` },
          account: OWNER,
        },
        region: REGION,
      },
      "ram",
      "ListResources",
      { resourceOwner: "SELF" },
    );
    const shared = (network.resources as { arn: string }[]).map((r) => r.arn);
    expect(shared).toHaveLength(2);
    const error = await world
      .create(stranger, "StrangerAssociation", "AWS::VpcLattice::ServiceNetworkVpcAssociation", {
        ServiceNetworkIdentifier: shared[0],
        VpcIdentifier: vpcs.StrangerVpc?.id,
      })
      .catch((e: unknown) => e);
    expect(isAccountmeshError(error) && error.code).toBe("LATTICE_NETWORK_NOT_SHARED");
    expect(String((error as Error).message)).toContain(
      `account ${STRANGER} cannot associate VPC ${vpcs.StrangerVpc?.id}`,
    );
    expect(String((error as Error).message)).toContain(`does not name account ${STRANGER}`);
  });

  it("the shared account sees the networks shared with it (ListResources, OTHER-ACCOUNTS)", async () => {
    const listed = await world.platform.aws.call(
      {
        caller: {
          principal: { kind: "root", account: CLIENT, arn: `arn:aws:iam::${CLIENT}:root` },
          account: CLIENT,
        },
        region: REGION,
      },
      "ram",
      "ListResources",
      { resourceOwner: "OTHER-ACCOUNTS" },
    );
    expect((listed.resources as unknown[]).length).toBe(2);
  });
});
