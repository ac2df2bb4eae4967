// The flights pipeline (tools account, seed 002's challenge 1): who may assume what, from the
// synthesized template (cdk-nag clean at synth), and what the local runtime makes of it (deploy-time
// only: listed, not run).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSourceFromContext } from "../../src/infra/stacks/flights-pipeline-stack.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { buildPipelineApp, PIPELINE_FIXTURE } from "./flights-pipeline-app.js";

// biome-ignore lint/suspicious/noExplicitAny: template JSON walked by tests
type Json = Record<string, any>;
const { tools, region, accounts } = PIPELINE_FIXTURE;
const targets = Object.values(accounts);
let outdir: string;
let template: Json;
let system: RunningSystem | undefined;

/** `arn:aws:iam::<account>:role/<name>` written as CDK writes it (`Fn::Join` with the partition). */
function roleArnText(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as Json)?.["Fn::Join"];
  if (join === undefined) return JSON.stringify(value);
  return (join[1] as unknown[]).map((part) => (typeof part === "string" ? part : "aws")).join("");
}

/** The pipeline's stages (the one AWS::CodePipeline::Pipeline of the stack). */
const pipelineStages = (): Json[] =>
  (resources("AWS::CodePipeline::Pipeline")[0]?.[1].Properties.Stages ?? []) as Json[];

const resources = (type: string): [string, Json][] =>
  Object.entries(template.Resources as Json).filter(([, r]) => (r as Json).Type === type) as [string, Json][];

const statements = (document: Json): Json[] =>
  Array.isArray(document.Statement) ? document.Statement : [document.Statement];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "accountmesh-flights-pipeline-"));
  const app = new App({
    outdir,
    context: { "@aws-cdk/core:defaultCrossStackReferences": "weak", "aws:cdk:bundling-stacks": [] },
    builtinCloudFormationValidation: false,
  });
  buildPipelineApp(app);
  template = app.synth().getStackByName(PIPELINE_FIXTURE.stack).template as Json;
});

afterAll(async () => {
  await system?.stop();
});

describe("the flights pipeline: who may assume what", () => {
  it("deploys each stack with its own account's bootstrap roles (cdk bootstrap --trust the tools account)", () => {
    const deploys = pipelineStages()
      .flatMap((stage) => stage.Actions as Json[])
      .filter((action) => action.ActionTypeId.Provider === "CloudFormation");
    expect(deploys).toHaveLength(targets.length * 2);
    for (const action of deploys) {
      const account = /iam::(\d{12}):/.exec(roleArnText(action.RoleArn))?.[1] ?? "";
      expect(targets).toContain(account);
      expect(roleArnText(action.RoleArn)).toBe(
        `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`,
      );
      if (action.Configuration.RoleArn !== undefined) {
        expect(roleArnText(action.Configuration.RoleArn)).toBe(
          `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`,
        );
      }
    }
  });

  it("lets the pipeline assume only its own action roles and the target accounts' deploy roles", () => {
    const assumed = resources("AWS::IAM::Policy").flatMap(([, policy]) =>
      statements(policy.Properties.PolicyDocument).filter((s) =>
        JSON.stringify(s.Action).includes("sts:AssumeRole"),
      ),
    );
    const crossAccount = assumed
      .map((s) => roleArnText(s.Resource))
      .filter((arn) => targets.some((account) => arn.includes(`::${account}:`)));
    expect(crossAccount.sort()).toEqual(
      targets
        .map((account) => `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`)
        .sort(),
    );
    for (const statement of assumed) {
      const arn = roleArnText(statement.Resource);
      if (arn.startsWith('{"Fn::GetAtt"') || crossAccount.includes(arn)) continue;
      // The self-mutation step: only the tools account's own bootstrap roles.
      expect(arn).toBe(`arn:*:iam::${tools}:role/*`);
      expect(
        statement.Condition["ForAnyValue:StringEquals"]["iam:ResourceTag/aws-cdk:bootstrap-role"],
      ).toEqual(["image-publishing", "file-publishing", "deploy"]);
    }
  });

  it("trusts its roles only to CodePipeline, CodeBuild or the pipeline's own role; no managed admin policy", () => {
    for (const [id, role] of resources("AWS::IAM::Role")) {
      for (const statement of statements(role.Properties.AssumeRolePolicyDocument)) {
        const principal = statement.Principal;
        const allowed =
          ["codepipeline.amazonaws.com", "codebuild.amazonaws.com"].includes(principal.Service) ||
          JSON.stringify(principal.AWS ?? "").includes('"Fn::GetAtt":["PipelineRole');
        expect([id, allowed]).toEqual([id, true]);
      }
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(
        /AdministratorAccess|FullAccess/,
      );
    }
  });

  it("shares artifacts only with the target accounts' deploy roles (bucket policy and KMS key policy)", () => {
    const [, key] = resources("AWS::KMS::Key")[0] ?? [];
    const [, bucketPolicy] = resources("AWS::S3::BucketPolicy")[0] ?? [];
    for (const document of [key?.Properties.KeyPolicy, bucketPolicy?.Properties.PolicyDocument]) {
      const others = statements(document)
        .filter((s) => s.Effect === "Allow")
        .map((s) => roleArnText(s.Principal.AWS))
        .filter((arn) => !arn.includes(`::${tools}:`));
      expect(others.sort()).toEqual(
        targets
          .map((account) => `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`)
          .sort(),
      );
    }
  });

  it("reads its source through the CodeStar connection given by context, and may use only that one", () => {
    const source = pipelineStages()[0]?.Actions[0];
    expect(source.ActionTypeId.Provider).toBe("CodeStarSourceConnection");
    expect(source.Configuration).toMatchObject({
      ConnectionArn: PIPELINE_FIXTURE.connectionArn,
      FullRepositoryId: PIPELINE_FIXTURE.repository,
      BranchName: "main",
    });
    const uses = resources("AWS::IAM::Policy").flatMap(([, policy]) =>
      statements(policy.Properties.PolicyDocument).filter((s) =>
        JSON.stringify(s.Action).includes("UseConnection"),
      ),
    );
    expect(uses.map((s) => s.Resource)).toEqual([PIPELINE_FIXTURE.connectionArn]);
  });

  it("reads the source from context and refuses a malformed connection ARN by name", () => {
    const context = (values: Record<string, unknown>) => (key: string) => values[key];
    expect(pipelineSourceFromContext(context({}))).toBeUndefined();
    expect(
      pipelineSourceFromContext(
        context({ "flights:connectionArn": PIPELINE_FIXTURE.connectionArn, "flights:repository": "o/r" }),
      ),
    ).toEqual({ connectionArn: PIPELINE_FIXTURE.connectionArn, repository: "o/r", branch: "main" });
    expect(() =>
      pipelineSourceFromContext(
        context({ "flights:connectionArn": "arn:aws:codecommit:x", "flights:repository": "o/r" }),
      ),
    ).toThrow(/flights:connectionArn must be a CodeStar connection ARN.*"arn:aws:codecommit:x"/);
    expect(() =>
      pipelineSourceFromContext(context({ "flights:connectionArn": PIPELINE_FIXTURE.connectionArn })),
    ).toThrow(/flights:repository must be the repository as owner\/name/);
  });
});

describe("the flights pipeline on the local runtime", () => {
  it("starts, listing the pipeline, its build projects and its stage as deploy-time only", async () => {
    system = await startRuntime({
      assemblyDir: outdir,
      dataDir: mkdtempSync(join(tmpdir(), "accountmesh-flights-pipeline-data-")),
      inMemory: true,
      portBase: 0,
    });
    const inert = system.unsupported.filter((feature) => feature.kind === "inert-type");
    const named = (name: string) => inert.find((feature) => feature.name === name);
    expect(named("AWS::CodePipeline::Pipeline")?.detail).toMatch(/^deploy-time only/);
    expect(named("AWS::CodeBuild::Project")?.detail).toMatch(/^deploy-time only/);
    expect(named("cdk:cloud-assembly (CDK Stage)")).toMatchObject({
      where: "assembly-FlightsPipeline-Dev",
      detail: expect.stringMatching(/^deploy-time only/),
    });
    expect(system.unsupported.filter((feature) => feature.kind === "resource-type")).toEqual([]);
  });
});
