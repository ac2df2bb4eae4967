import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../../test/support/synth.js";
import { type Json, only, props, resources } from "../../../test/support/template.js";

let sys: SynthesizedApp;
let consumer: Template;

beforeAll(() => {
  sys = synthApp();
  consumer = sys.template("OrdersConsumer");
});

describe("the orders system as one stack per account", () => {
  it("has a consumer stack and one stack per microservice, each in its own account and the same region", () => {
    const stacks = sys.assembly.stacks;
    expect(
      stacks
        .map((s) => s.id)
        .filter((id) => id.startsWith("Orders"))
        .sort(),
    ).toEqual(["OrdersBeverage", "OrdersConsumer", "OrdersFood"]);
    const envs = ["OrdersConsumer", "OrdersFood", "OrdersBeverage"].map((id) => sys.artifact(id).environment);
    expect(envs.map((e) => e.account)).toEqual(["111111111111", "222222222222", "333333333333"]);
    expect(new Set(envs.map((e) => e.region))).toEqual(new Set(["eu-central-1"]));
  });

  it("deploys the consumer first: each microservice stack depends on it, never the reverse", () => {
    const deps = (id: string) => sys.artifact(id).dependencies.map((d) => d.id);
    expect(deps("OrdersFood")).toContain("OrdersConsumer");
    expect(deps("OrdersBeverage")).toContain("OrdersConsumer");
    expect(deps("OrdersConsumer").filter((d) => !d.endsWith(".assets"))).toEqual([]);
  });
});

describe("consumer stack", () => {
  it("is a VPC with 2 public and 2 private subnets in explicit AZs", () => {
    const subnets = resources(consumer, "AWS::EC2::Subnet").map(([, r]) => r.Properties as Json);
    expect(subnets).toHaveLength(4);
    expect(subnets.map((s) => s.AvailabilityZone).sort()).toEqual([
      "eu-central-1a",
      "eu-central-1a",
      "eu-central-1b",
      "eu-central-1b",
    ]);
    expect(subnets.filter((s) => s.MapPublicIpOnLaunch === true)).toHaveLength(2);
    consumer.hasResourceProperties("AWS::EC2::VPC", {
      CidrBlock: "192.168.0.0/16",
      EnableDnsHostnames: true,
    });
    consumer.resourceCountIs("AWS::EC2::NatGateway", 0);
  });

  it("has an internal ALB whose only listener is HTTPS 443 with ELBSecurityPolicy-TLS13-1-2-2021-06", () => {
    consumer.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internal",
      Type: "application",
      Name: "cross-account-microservices",
    });
    const [, listener] = only(consumer, "AWS::ElasticLoadBalancingV2::Listener");
    expect(listener.Properties).toMatchObject({
      Port: 443,
      Protocol: "HTTPS",
      SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    });
  });

  it("forwards to the execute-api endpoint's addresses over HTTPS with a health check that can pass", () => {
    const [, tg] = only(consumer, "AWS::ElasticLoadBalancingV2::TargetGroup");
    const p = tg.Properties as Json;
    expect(p).toMatchObject({ TargetType: "ip", Protocol: "HTTPS", Port: 443, HealthCheckProtocol: "HTTPS" });
    expect(p.HealthCheckPath).not.toBe("/login");
    expect(p.Matcher).toEqual({ HttpCode: "200,403" });
    const targets = p.Targets as { Id: unknown; Port: number }[];
    expect(targets).toHaveLength(2);
    const [lookupId] = only(consumer, "Custom::VpcEndpointAddresses");
    for (const [i, t] of targets.entries()) {
      expect(t.Port).toBe(443);
      expect(t.Id).toEqual({ "Fn::GetAtt": [lookupId, `NetworkInterfaces.${i}.PrivateIpAddress`] });
    }
  });

  it("has the execute-api interface endpoint in the private subnets, private DNS off", () => {
    const [, endpoint] = only(consumer, "AWS::EC2::VPCEndpoint");
    expect(endpoint.Properties).toMatchObject({
      VpcEndpointType: "Interface",
      ServiceName: "com.amazonaws.eu-central-1.execute-api",
      PrivateDnsEnabled: false,
    });
    expect((props(endpoint).SubnetIds as unknown[]).length).toBe(2);
  });

  it("allows ALB <- VPC:443, ALB -> endpoint:443 and endpoint <- ALB:443, nothing else", () => {
    const groups = Object.fromEntries(
      resources(consumer, "AWS::EC2::SecurityGroup").map(([id, r]) => [id, r.Properties as Json]),
    );
    const albSg = Object.keys(groups).find((id) => id.startsWith("AlbSecurityGroup")) as string;
    const endpointSg = Object.keys(groups).find((id) => id.startsWith("ExecuteApiSecurityGroup")) as string;
    expect(albSg).toBeDefined();
    expect(endpointSg).toBeDefined();
    const [vpcId] = only(consumer, "AWS::EC2::VPC");
    expect(groups[albSg]?.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        IpProtocol: "tcp",
        FromPort: 443,
        ToPort: 443,
        CidrIp: { "Fn::GetAtt": [vpcId, "CidrBlock"] },
      }),
    ]);
    const egress = resources(consumer, "AWS::EC2::SecurityGroupEgress").map(([, r]) => r.Properties as Json);
    expect(egress).toEqual([
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": [albSg, "GroupId"] },
        DestinationSecurityGroupId: { "Fn::GetAtt": [endpointSg, "GroupId"] },
        FromPort: 443,
        ToPort: 443,
        IpProtocol: "tcp",
      }),
    ]);
    const ingress = resources(consumer, "AWS::EC2::SecurityGroupIngress").map(
      ([, r]) => r.Properties as Json,
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": [endpointSg, "GroupId"] },
        SourceSecurityGroupId: { "Fn::GetAtt": [albSg, "GroupId"] },
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
    // No inline allow-all egress: CDK's "disallow all" placeholder is the endpoint group's only egress.
    expect(groups[endpointSg]?.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: "255.255.255.255/32" }),
    ]);
    expect(JSON.stringify(groups)).not.toContain("0.0.0.0/0");
  });

  it("resolves <service>.cross-account-microservices.com in the private zone to the ALB, one alias per microservice", () => {
    const [, zone] = only(consumer, "AWS::Route53::HostedZone");
    expect(zone.Properties).toMatchObject({ Name: "cross-account-microservices.com." });
    expect((props(zone).VPCs as unknown[]).length).toBe(1);
    const records = resources(consumer, "AWS::Route53::RecordSet").map(([, r]) => r.Properties as Json);
    expect(records.map((r) => r.Name).sort()).toEqual([
      "beverage.cross-account-microservices.com.",
      "food.cross-account-microservices.com.",
    ]);
    for (const r of records) {
      expect(r.Type).toBe("A");
      expect(r.AliasTarget).toMatchObject({ EvaluateTargetHealth: true });
    }
  });

  it("keeps the endpoint id in a KMS-encrypted secret readable only by the microservice accounts", () => {
    const [keyId, key] = only(consumer, "AWS::KMS::Key");
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 30 });
    const [secretId, secret] = only(consumer, "AWS::SecretsManager::Secret");
    const [endpointId] = only(consumer, "AWS::EC2::VPCEndpoint");
    expect(secret.Properties).toMatchObject({
      Name: "cross-account-microservices",
      KmsKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      SecretString: { Ref: endpointId },
    });
    const [, policy] = only(consumer, "AWS::SecretsManager::ResourcePolicy");
    expect(policy.Properties?.SecretId).toEqual({ Ref: secretId });
    const statements = (props(policy).ResourcePolicy as { Statement: Json[] }).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: "Allow",
    });
    expect([...(props({ Type: "", Properties: statements[0] }).Action as string[])].sort()).toEqual([
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]);
    expect(principalAccounts(statements[0] as Json)).toEqual(["222222222222", "333333333333"]);
  });

  it("lets only the microservice accounts (besides the consumer's own root) use the key, via Secrets Manager", () => {
    const [, key] = only(consumer, "AWS::KMS::Key");
    const statements = (props(key).KeyPolicy as { Statement: Json[] }).Statement;
    const foreign = statements.filter((s) => principalAccounts(s).some((a) => a !== "111111111111"));
    expect(foreign).toHaveLength(1);
    expect(principalAccounts(foreign[0] as Json)).toEqual(["222222222222", "333333333333"]);
    expect(foreign[0]).toMatchObject({
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" } },
    });
  });

  it("publishes the endpoint id for weak references, readable by the microservice accounts' deploy roles only", () => {
    const roles = resources(consumer, "AWS::IAM::Role").filter(([id]) => id.includes("GetStackOutputRole"));
    expect(roles).toHaveLength(1);
    const trust = JSON.stringify(roles[0]?.[1].Properties?.AssumeRolePolicyDocument);
    expect(trust).toContain("iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-central-1");
    expect(trust).toContain("iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-eu-central-1");
    expect(trust).not.toMatch(/"\*"/);
  });
});

/** Account ids named as principals in a policy statement (root ARNs or bare ids, Fn::Join'd or not). */
function principalAccounts(statement: Json): string[] {
  const text = JSON.stringify(statement.Principal ?? {});
  return [...new Set([...text.matchAll(/(\d{12})/g)].map((m) => m[1] as string))].sort();
}
