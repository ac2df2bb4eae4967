import { describe, expect, it } from "vitest";
import type { StackArtifact } from "../../../assembly/types.js";
import { testStack } from "../../../runtime/platform.test-support.js";
import { pipelineFootprints } from "./pipeline-footprint.js";

const arn = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

/** A stack shaped as CDK Pipelines writes one (trimmed), beside a function of the app. */
function pipelineStack(): StackArtifact {
  return {
    ...testStack("777777777777", "Tools"),
    template: {
      Resources: {
        Key: { Type: "AWS::KMS::Key", Properties: {} },
        Alias: { Type: "AWS::KMS::Alias", Properties: { TargetKeyId: arn("Key") } },
        Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketEncryption: { KMSMasterKeyID: arn("Key") } } },
        PipelineRole: { Type: "AWS::IAM::Role", Properties: {} },
        BuildRole: { Type: "AWS::IAM::Role", Properties: {} },
        PipelinePolicy: { Type: "AWS::IAM::Policy", Properties: { Roles: [{ Ref: "PipelineRole" }] } },
        Build: {
          Type: "AWS::CodeBuild::Project",
          Properties: { ServiceRole: arn("BuildRole"), EncryptionKey: arn("Key") },
        },
        Pipeline: {
          Type: "AWS::CodePipeline::Pipeline",
          Properties: {
            RoleArn: arn("PipelineRole"),
            ArtifactStore: { Type: "S3", Location: { Ref: "Bucket" } },
            Stages: [{ Name: "Build", Actions: [{ Configuration: { ProjectName: { Ref: "Build" } } }] }],
          },
        },
        AppRole: { Type: "AWS::IAM::Role", Properties: {} },
        AppFunction: { Type: "AWS::Lambda::Function", Properties: { Role: arn("AppRole") } },
      },
    },
  };
}

describe("pipelineFootprints", () => {
  it("names by type what the pipeline and its build projects use, and nothing of the app beside them", () => {
    expect(pipelineFootprints(pipelineStack())).toEqual([
      {
        kind: "inert-type",
        name: "a pipeline and what it uses",
        where: "Tools/Pipeline",
        count: 1,
        detail:
          "deploy-time only: the pipeline and the stack's 1 build project never run locally; what they use is created but idle: AWS::IAM::Role ×2, AWS::KMS::Key, AWS::S3::Bucket",
      },
    ]);
  });

  it("reports nothing for a stack without a pipeline, even with build projects", () => {
    const stack = pipelineStack();
    const { Pipeline: _pipeline, ...rest } = stack.template.Resources;
    expect(pipelineFootprints({ ...stack, template: { Resources: rest } })).toEqual([]);
  });

  it("says so when a pipeline uses no other resource of its stack", () => {
    const stack = testStack("777777777777", "Bare");
    const bare = {
      ...stack,
      template: {
        Resources: {
          P: {
            Type: "AWS::CodePipeline::Pipeline",
            Properties: { RoleArn: "arn:aws:iam::777777777777:role/x" },
          },
        },
      },
    };
    expect(pipelineFootprints(bare)[0]?.detail).toBe(
      "deploy-time only: the pipeline and the stack's 0 build projects never run locally; it uses no other resource of the stack",
    );
  });
});
