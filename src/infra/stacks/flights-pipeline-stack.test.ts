// The flights pipeline (tools account, seed 002's challenge 1) as the app builds it: who may assume
// what, read from the synthesized template (cdk-nag ran at synth: an unacknowledged finding throws).
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../../test/support/synth.js";
import { type Json, only, type Resource, resources } from "../../../test/support/template.js";
import { synthCommand } from "./flights-pipeline-stack.js";

const REGION = "eu-central-1";
const TOOLS = "777777777777";
const TARGETS = ["444444444444", "555555555555", "666666666666"];
const bootstrapRole = (kind: string, account: string) =>
  `arn:aws:iam::${account}:role/cdk-hnb659fds-${kind}-role-${account}-${REGION}`;

let sys: SynthesizedApp;
let pipeline: Template;

beforeAll(() => {
  sys = synthApp();
  pipeline = sys.template("FlightsPipeline");
});

/** An ARN as CDK writes it (`Fn::Join` or `Fn::Sub` with the partition) as text; other values as JSON. */
function arnText(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as Json)?.["Fn::Join"] as [string, unknown[]] | undefined;
  if (join !== undefined) return join[1].map((part) => (typeof part === "string" ? part : "aws")).join("");
  const sub = (value as Json)?.["Fn::Sub"];
  if (typeof sub === "string") return sub.replaceAll("$" + "{AWS::Partition}", "aws");
  return JSON.stringify(value);
}

const statements = (document: unknown): Json[] => [(document as Json).Statement ?? []].flat() as Json[];
const p = (r: Resource) => (r.Properties ?? {}) as Json;
const stages = () => p(only(pipeline, "AWS::CodePipeline::Pipeline")[1]).Stages as Json[];
const actionsOf = (stage: Json | undefined) => (stage?.Actions ?? []) as Json[];
const resourcesOf = (template: unknown): Resource[] =>
  Object.values(((template ?? {}) as { Resources?: Record<string, Resource> }).Resources ?? {});
const getAttRole = (value: unknown) => ((value as Json)?.["Fn::GetAtt"] as string[] | undefined)?.[0];

/** Each sts:AssumeRole grant of the stack: the role holding it, and what it may assume. */
function assumeGrants(): { role: string; targets: string[]; condition?: unknown }[] {
  return resources(pipeline, "AWS::IAM::Policy").flatMap(([, policy]) => {
    const role = ((p(policy).Roles as Json[])[0]?.Ref as string) ?? "";
    return statements(p(policy).PolicyDocument)
      .filter((s) => [s.Action].flat().includes("sts:AssumeRole"))
      .map((s) => ({ role, targets: [s.Resource].flat().map(arnText), condition: s.Condition }));
  });
}

describe("the flights pipeline: who may assume what", () => {
  it("deploys each stack of its stage with that account's bootstrap roles (cdk bootstrap --trust the tools account)", () => {
    const [, , , assets, prod] = stages();
    expect(stages().map((s) => s.Name)).toEqual(["Source", "Build", "UpdatePipeline", "Assets", "Prod"]);
    expect(assets?.Actions).toHaveLength(1);
    const deploys = actionsOf(prod).map((action) => {
      const account = /iam::(\d{12}):/.exec(arnText(action.RoleArn))?.[1] ?? "";
      const configuration = action.Configuration as Json;
      expect(arnText(action.RoleArn)).toBe(bootstrapRole("deploy", account));
      // The change set's Prepare passes the execution role to CloudFormation; Deploy executes it.
      expect(action.Name).toMatch(/\.(Prepare|Deploy)$/);
      if (String(action.Name).endsWith(".Prepare")) {
        expect(arnText(configuration.RoleArn)).toBe(bootstrapRole("cfn-exec", account));
      } else {
        expect(configuration.RoleArn).toBeUndefined();
      }
      return [configuration.StackName, account];
    });
    expect(deploys).toEqual([
      ["Prod-FlightsBooking", "444444444444"],
      ["Prod-FlightsBooking", "444444444444"],
      ["Prod-FlightsAirmiles", "555555555555"],
      ["Prod-FlightsAirmiles", "555555555555"],
      ["Prod-FlightsWeb", "666666666666"],
      ["Prod-FlightsWeb", "666666666666"],
    ]);
  });

  it("assumes across accounts only the targets' deploy roles (pipeline) and file-publishing roles (assets)", () => {
    const [, pipelineRole] = only(pipeline, "AWS::IAM::Role", "PipelineRole");
    expect(p(pipelineRole)).toBeDefined();
    const crossAccount = assumeGrants().flatMap(({ role, targets }) =>
      targets.filter((arn) => TARGETS.some((a) => arn.includes(`::${a}:`))).map((arn) => [role, arn]),
    );
    const byRole = (prefix: string) =>
      crossAccount
        .filter(([role]) => role?.startsWith(prefix))
        .map(([, arn]) => arn)
        .sort();
    expect(byRole("PipelineRole")).toEqual(TARGETS.map((a) => bootstrapRole("deploy", a)));
    expect(byRole("PipelineAssetsFileRole")).toEqual(TARGETS.map((a) => bootstrapRole("file-publishing", a)));
    expect(crossAccount).toHaveLength(6);
    for (const { role, targets, condition } of assumeGrants()) {
      for (const arn of targets) {
        if (crossAccount.some(([, a]) => a === arn) || arn.includes('"Fn::GetAtt"')) continue;
        // The self-mutation step (`cdk deploy` of this stack): the tools account's bootstrap roles only.
        expect(role).toMatch(/^PipelineUpdatePipelineSelfMutationRole/);
        expect(arn).toBe(`arn:*:iam::${TOOLS}:role/*`);
        expect(condition).toEqual({
          "ForAnyValue:StringEquals": {
            "iam:ResourceTag/aws-cdk:bootstrap-role": ["image-publishing", "file-publishing", "deploy"],
          },
        });
      }
    }
  });

  it("lets CodePipeline assume only the pipeline role, CodeBuild only its projects' roles, the pipeline role its action roles", () => {
    const projectRoles = resources(pipeline, "AWS::CodeBuild::Project").map(([, r]) =>
      getAttRole(p(r).ServiceRole),
    );
    const actionRoles = stages()
      .flatMap(actionsOf)
      .map((action) => getAttRole(action.RoleArn))
      .filter((id) => id !== undefined);
    for (const [id, role] of resources(pipeline, "AWS::IAM::Role")) {
      const trust = statements(p(role).AssumeRolePolicyDocument);
      expect(trust, id).toHaveLength(1);
      const principal = trust[0]?.Principal as Json;
      const expected = id.startsWith("PipelineRole")
        ? { Service: "codepipeline.amazonaws.com" }
        : projectRoles.includes(id)
          ? { Service: "codebuild.amazonaws.com" }
          : { AWS: { "Fn::GetAtt": [only(pipeline, "AWS::IAM::Role", "PipelineRole")[0], "Arn"] } };
      if (!projectRoles.includes(id) && !id.startsWith("PipelineRole")) expect(actionRoles).toContain(id);
      expect([id, principal]).toEqual([id, expected]);
      expect(p(role).ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it("shares its artifacts (bucket policy, KMS key policy) across accounts only with the targets' deploy roles", () => {
    const [, key] = only(pipeline, "AWS::KMS::Key");
    const [, bucketPolicy] = only(pipeline, "AWS::S3::BucketPolicy");
    for (const document of [p(key).KeyPolicy, p(bucketPolicy).PolicyDocument]) {
      const others = statements(document)
        .filter((s) => s.Effect === "Allow")
        .map((s) => arnText((s.Principal as Json).AWS))
        .filter((arn) => !arn.includes(`::${TOOLS}:`));
      expect(others.sort()).toEqual(TARGETS.map((a) => bootstrapRole("deploy", a)));
    }
  });

  it("reads its source through the connection of the context (a placeholder locally) and may use only that one", () => {
    const placeholder = `arn:aws:codestar-connections:${REGION}:${TOOLS}:connection/00000000-0000-0000-0000-000000000000`;
    const source = actionsOf(stages()[0])[0] ?? {};
    expect((source.ActionTypeId as Json).Provider).toBe("CodeStarSourceConnection");
    expect(source.Configuration).toMatchObject({
      ConnectionArn: placeholder,
      FullRepositoryId: "placeholder-owner/flights",
      BranchName: "main",
    });
    const uses = resources(pipeline, "AWS::IAM::Policy").flatMap(([, policy]) =>
      statements(p(policy).PolicyDocument).filter((s) => JSON.stringify(s.Action).includes("UseConnection")),
    );
    expect(uses.map((s) => s.Resource)).toEqual([placeholder]);
  });

  it("synthesizes the app in CodeBuild on Node.js 22 with the context it was synthesized with, for a deploy", () => {
    const [, synth] = only(pipeline, "AWS::CodeBuild::Project", "PipelineBuildSynth");
    const spec = JSON.parse(((p(synth).Source as Json).BuildSpec as string) ?? "{}");
    expect(spec.phases.install["runtime-versions"]).toEqual({ nodejs: "22" });
    expect(spec.phases.build.commands).toEqual([
      "npm ci --ignore-scripts",
      "npx cdk synth -c 'accountmesh:target=aws'",
    ]);
    expect(synthCommand({ "flights:repository": "o/r", k: "it's" })).toBe(
      `npx cdk synth -c 'flights:repository=o/r' -c 'k=it'\\''s'`,
    );
  });

  it("holds in its stage the system's three stacks, in their accounts, wired by weak references inside the stage", () => {
    const stage = sys.assembly.getNestedAssembly("assembly-FlightsPipeline-Prod");
    expect(
      stage.stacks.map((s) => [s.stackName, s.environment.account, s.dependencies.map((d) => d.id).sort()]),
    ).toEqual([
      ["Prod-FlightsBooking", "444444444444", ["FlightsPipelineProdFlightsBooking61651C51.assets"]],
      [
        "Prod-FlightsAirmiles",
        "555555555555",
        ["FlightsPipelineProdFlightsAirmiles721BED9D.assets", "FlightsPipelineProdFlightsBooking61651C51"],
      ],
      [
        "Prod-FlightsWeb",
        "666666666666",
        [
          "FlightsPipelineProdFlightsAirmiles721BED9D",
          "FlightsPipelineProdFlightsBooking61651C51",
          "FlightsPipelineProdFlightsWeb01CF899F.assets",
        ],
      ],
    ]);
    const producers = (template: unknown) =>
      [...JSON.stringify(template).matchAll(/"Fn::GetStackOutput":\{"StackName":"([^"]+)"/g)].map(
        (m) => m[1],
      );
    const [booking, airmiles, web] = stage.stacks;
    // Airmiles subscribes to the stage's own booking topic (its name generated by CDK, so literal).
    const topicName = resourcesOf(booking?.template)
      .filter((r) => r.Type === "AWS::SNS::Topic")
      .map((r) => r.Properties?.TopicName);
    expect(topicName).toEqual([expect.stringMatching(/^prod-flightsbooking/)]);
    expect(JSON.stringify(airmiles?.template)).toContain(`:sns:${REGION}:444444444444:${topicName[0]}"`);
    expect(new Set(producers(web?.template))).toEqual(
      new Set(["Prod-FlightsBooking", "Prod-FlightsAirmiles"]),
    );
    // The same stacks as the app's own (which run locally), resource for resource.
    const types = (template: unknown) =>
      resourcesOf(template)
        .map((r) => r.Type)
        .sort();
    expect(types(booking?.template)).toEqual(types(sys.artifact("FlightsBooking").template));
    expect(types(airmiles?.template)).toEqual(types(sys.artifact("FlightsAirmiles").template));
    expect(types(web?.template)).toEqual(types(sys.artifact("FlightsWeb").template));
  });

  it("keeps its cdk-nag acknowledgments off the stack itself, so none covers the stacks of its stage", () => {
    const stack = sys.app.node.findChild("FlightsPipeline");
    expect(stack.node.metadata.filter((m) => m.type === "aws:cdk:acknowledged-rules")).toEqual([]);
    const acknowledgedUnder = (path: string) =>
      sys.app.node
        .findAll()
        .filter((c) => c.node.path.startsWith(path))
        .some((c) => c.node.metadata.some((m) => m.type === "aws:cdk:acknowledged-rules"));
    expect(acknowledgedUnder("FlightsPipeline/Pipeline")).toBe(true);
  });
});
