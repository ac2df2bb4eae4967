import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../../test/support/synth.js";
import { type Json, only, props, resources } from "../../../test/support/template.js";
import { PROVIDERS_DEFAULTS } from "./providers-config.js";

let sys: SynthesizedApp;
let global: Template;
let dogNames: Template;
let todo: Template;

beforeAll(() => {
  sys = synthApp();
  global = sys.template("ProvidersGlobal");
  dogNames = sys.template("ProvidersDogNames");
  todo = sys.template("ProvidersTodo");
});

const statements = (t: Template) =>
  resources(t, "AWS::IAM::Policy").flatMap(
    ([, r]) => ((props(r).PolicyDocument as Json).Statement as Json[]) ?? [],
  );

describe("the providers system (seed 003) as one stack per account", () => {
  it("puts the global API, dog names and todo in three placeholder accounts of the seed's region, providers first", () => {
    const env = (id: string) => sys.artifact(id).environment;
    expect([
      env("ProvidersGlobal").account,
      env("ProvidersDogNames").account,
      env("ProvidersTodo").account,
    ]).toEqual([
      PROVIDERS_DEFAULTS.globalAccount,
      PROVIDERS_DEFAULTS.dogNamesAccount,
      PROVIDERS_DEFAULTS.todoAccount,
    ]);
    expect(
      new Set(["ProvidersGlobal", "ProvidersDogNames", "ProvidersTodo"].map((id) => env(id).region)),
    ).toEqual(new Set(["us-west-2"]));
    const deps = sys.artifact("ProvidersGlobal").dependencies.map((d) => d.id);
    expect(deps).toEqual(expect.arrayContaining(["ProvidersDogNames", "ProvidersTodo"]));
  });

  it("passes the endpoint service names by weak reference (Fn::GetStackOutput), no export names", () => {
    const [, dogEndpoint] = only(global, "AWS::EC2::VPCEndpoint", "DogNames");
    expect(JSON.stringify(props(dogEndpoint).ServiceName)).toContain("Fn::GetStackOutput");
    for (const t of [dogNames, todo]) {
      expect(Object.values(t.toJSON().Outputs ?? {}).some((o) => (o as Json).Export !== undefined)).toBe(
        false,
      );
    }
  });
});

describe("providers", () => {
  it("allow-list only the global account on their endpoint services, acceptance not required", () => {
    for (const t of [dogNames, todo]) {
      t.hasResourceProperties("AWS::EC2::VPCEndpointService", { AcceptanceRequired: false });
      t.hasResourceProperties("AWS::EC2::VPCEndpointServicePermissions", {
        AllowedPrincipals: [`arn:aws:iam::${PROVIDERS_DEFAULTS.globalAccount}:root`],
      });
      t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 8080, Protocol: "TCP" });
      t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
        Scheme: "internal",
        Type: "network",
      });
    }
  });

  it("dog names: one Fargate task from an image asset (no ECR tag pushed by hand) on port 8080", () => {
    const [, task] = only(dogNames, "AWS::ECS::TaskDefinition");
    const [container] = props(task).ContainerDefinitions as Json[];
    expect(JSON.stringify(container?.Image)).toContain("container-assets");
    expect(container?.PortMappings).toEqual([{ ContainerPort: 8080, Protocol: "tcp" }]);
    dogNames.hasResourceProperties("AWS::ECS::Service", { DesiredCount: 1, LaunchType: "FARGATE" });
    const manifest = JSON.parse(
      readFileSync(join(sys.assembly.directory, "ProvidersDogNames.assets.json"), "utf8"),
    );
    const [image] = Object.values(manifest.dockerImages ?? {}) as { source: { directory: string } }[];
    const dockerfile = readFileSync(
      join(sys.assembly.directory, image?.source.directory ?? "", "Dockerfile"),
      "utf8",
    );
    expect(dockerfile).toContain('CMD ["node", "server.mjs"]');
  });

  it("todo: instances from a current AMI by SSM parameter, code from a CDK asset, a role with only the table actions used", () => {
    const parameters = Object.values(todo.toJSON().Parameters ?? {}) as Json[];
    expect(
      parameters.some((p) => String(p.Default).startsWith("/aws/service/ami-amazon-linux-latest/")),
    ).toBe(true);
    const [, template] = only(todo, "AWS::EC2::LaunchTemplate");
    const userData = JSON.stringify(props(template).LaunchTemplateData);
    expect(userData).toContain("aws s3 cp 's3://cdk-hnb659fds-assets-");
    expect(userData).not.toMatch(/cat > [^ ]*\.py|<<'EOF'/);
    const actions = statements(todo).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => String(a).startsWith("dynamodb:")).sort()).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
    ]);
    expect(actions).not.toContain("dynamodb:Scan");
    todo.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", { MinSize: "2", MaxSize: "2" });
  });
});

describe("global", () => {
  it("routes the seed's paths with ANY over one VPC link to one internal ALB per provider", () => {
    const routes = resources(global, "AWS::ApiGatewayV2::Route").map(([, r]) => props(r).RouteKey);
    expect(routes.sort()).toEqual([
      "ANY /dogs",
      "ANY /dogs/females",
      "ANY /dogs/males",
      "ANY /todo",
      "ANY /todo/{todoId}",
    ]);
    global.resourceCountIs("AWS::ApiGatewayV2::VpcLink", 1);
    global.hasResourceProperties("AWS::ApiGatewayV2::Stage", { StageName: "$default", AutoDeploy: true });
    global.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "HTTP_PROXY",
      ConnectionType: "VPC_LINK",
      IntegrationMethod: "ANY",
      PayloadFormatVersion: "1.0",
    });
    global.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 2);
  });

  it("targets ALL the interface endpoint's addresses (one per AZ), not two hard-coded ones", () => {
    for (const [, group] of resources(global, "AWS::ElasticLoadBalancingV2::TargetGroup")) {
      const targets = props(group).Targets as Json[];
      expect(targets).toHaveLength(2);
      expect(JSON.stringify(targets)).toContain("NetworkInterfaces.0.PrivateIpAddress");
      expect(JSON.stringify(targets)).toContain("NetworkInterfaces.1.PrivateIpAddress");
      expect(props(group)).toMatchObject({ TargetType: "ip", Port: 8080, HealthCheckIntervalSeconds: 15 });
    }
  });
});
