// The flights pipeline (tools account; seed 002's challenge 1, "cross-account deployment"): CDK
// Pipelines deploying one stage per environment, each stage the system's stacks in their own accounts.
// The seed's hand-made cross-account roles (CodePipelineActionServiceRole, CloudFormationServiceRole,
// with cloudformation:*, s3:*, kms:* and an AdministratorAccess pipeline role) are replaced by the
// roles `cdk bootstrap --trust <tools account>` creates in every target account: the pipeline assumes
// only their deploy role (`cdk-hnb659fds-deploy-role-<account>-<region>`), which passes the
// CloudFormation execution role; assets are published through their file-publishing roles. The
// source is a CodeStar (CodeConnections) connection given by ARN, since CodeCommit is closed to new
// customers (`systems/flights-pipeline-config.ts` reads it from context); the artifact bucket is
// encrypted with a KMS key the target accounts may use (`crossAccountKeys`). Locally none of this
// runs: CodePipeline and CodeBuild are deploy-time only, the stages' stacks are not run a second time.
import { type CfnElement, Stack, type StackProps, Stage, type StageProps } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as pipelines from "aws-cdk-lib/pipelines";
import type { Construct } from "constructs";
import { acknowledge } from "../nag.js";

/** Where the pipeline's source comes from: a CodeStar connection to a Git provider. */
export interface PipelineSource {
  /** `arn:aws:codestar-connections:<region>:<account>:connection/<id>` (or `codeconnections`). */
  readonly connectionArn: string;
  /** `owner/name` of the repository the connection reaches. */
  readonly repository: string;
  readonly branch: string;
}

/** One environment the pipeline deploys (DEV, QA, PROD...): its name and the stacks it holds. */
export interface PipelineStageSpec {
  /** Construct id of the stage (a CloudFormation stack name prefix), e.g. `Dev`. */
  readonly name: string;
  readonly env?: StageProps["env"];
  /** Adds the system's stacks (one per account) to the stage. */
  build(stage: Stage): void;
}

export interface FlightsPipelineStackProps extends StackProps {
  readonly source: PipelineSource;
  /** The environments, deployed in this order. */
  readonly stages: readonly PipelineStageSpec[];
  /**
   * The `-c key=value` pairs the synth step's `npx cdk synth` passes (in CodeBuild, after `npm ci`),
   * so the pipeline synthesizes the app it was deployed from; see `pipelineSynthContext`.
   */
  readonly synthContext: Readonly<Record<string, string>>;
}

class SystemStage extends Stage {
  constructor(scope: Construct, spec: PipelineStageSpec) {
    super(scope, spec.name, spec.env === undefined ? {} : { env: spec.env });
    spec.build(this);
  }
}

/**
 * The tools account's pipeline: a CodeStar-connection source, a synth step (`npm ci`, `npx cdk synth`
 * with `synthContext`), self-mutation, asset publishing and one deploy stage per `stages` entry, each
 * stack deployed with its target account's bootstrap roles. cdk-nag clean: each finding on what CDK
 * Pipelines generates is acknowledged with its reason.
 */
export class FlightsPipelineStack extends Stack {
  readonly pipeline: pipelines.CodePipeline;

  constructor(scope: Construct, id: string, props: FlightsPipelineStackProps) {
    super(scope, id, props);
    const { source } = props;
    const input = pipelines.CodePipelineSource.connection(source.repository, source.branch, {
      connectionArn: source.connectionArn,
    });
    this.pipeline = new pipelines.CodePipeline(this, "Pipeline", {
      pipelineName: "flights",
      // V2: V1 is the old type (CDK warns when none is chosen); both run the same stages here.
      pipelineType: codepipeline.PipelineType.V2,
      crossAccountKeys: true,
      enableKeyRotation: true,
      // One CodeBuild project publishes every file asset (not one project per asset).
      publishAssetsInParallel: false,
      // The app needs Node.js >= 20 (tsx, esbuild, Vite); the default image's default Node is older.
      synthCodeBuildDefaults: {
        partialBuildSpec: codebuild.BuildSpec.fromObject({
          phases: { install: { "runtime-versions": { nodejs: "22" } } },
        }),
      },
      synth: new pipelines.ShellStep("Synth", {
        input,
        // --ignore-scripts: the package's postinstall fetches DynamoDB Local, which only local runs use.
        commands: ["npm ci --ignore-scripts", synthCommand(props.synthContext)],
      }),
    });
    for (const spec of props.stages) this.pipeline.addStage(new SystemStage(this, spec));
    this.pipeline.buildPipeline();
    this.#acknowledgeFindings();
  }

  /**
   * cdk-nag findings on what CDK Pipelines generates, each acknowledged with a reason on the construct
   * that has it: the pipeline (never `this`, whose stages hold the deployed stacks: their findings are
   * acknowledged by their own stacks), its self-mutation role, its asset-publishing role, its bucket.
   */
  #acknowledgeFindings(): void {
    const { account, region } = this;
    const pipeline = this.pipeline;
    const bucket = pipeline.pipeline.artifactBucket.node.defaultChild as CfnElement;
    acknowledge(
      pipeline,
      "AwsSolutions-IAM5",
      "CDK Pipelines' roles read and write the pipeline's own artifact bucket (its objects, not other buckets) and use its KMS key for data keys; CDK writes these grants.",
      [
        "Action::s3:GetObject*",
        "Action::s3:GetBucket*",
        "Action::s3:List*",
        "Action::s3:DeleteObject*",
        "Action::s3:Abort*",
        "Action::kms:GenerateDataKey*",
        "Action::kms:ReEncrypt*",
        `Resource::<${this.getLogicalId(bucket)}.Arn>/*`,
      ],
    );
    const projects = pipeline.node
      .findAll()
      .filter((c): c is codebuild.CfnProject => c instanceof codebuild.CfnProject);
    acknowledge(
      pipeline,
      "AwsSolutions-IAM5",
      "Each CodeBuild project of the pipeline writes only its own log group's streams and its own report groups (names derived from the project).",
      projects.flatMap((project) => {
        const id = this.getLogicalId(project);
        return [
          `Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/<${id}>-*`,
          `Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/<${id}>:*`,
        ];
      }),
    );
    acknowledge(
      pipeline.selfMutationProject.role ?? pipeline,
      "AwsSolutions-IAM5",
      "The self-mutation step runs `cdk deploy` of this pipeline in the tools account: it may assume only the tools account's bootstrap roles (condition iam:ResourceTag/aws-cdk:bootstrap-role), and cloudformation:DescribeStacks and s3:ListBucket have no narrower resource CDK can name before deploy.",
      ["Resource::*", `Resource::arn:*:iam::${account}:role/*`],
    );
    acknowledge(
      pipeline,
      "AwsSolutions-CB4",
      "CodeBuild projects of CDK Pipelines encrypt with the pipeline's artifact KMS key through CodePipeline; the projects keep no artifacts of their own.",
    );
    acknowledge(
      bucket,
      "AwsSolutions-S1",
      "The pipeline's artifact bucket holds build outputs read only by the pipeline; CloudTrail records its API use.",
    );
    // Present when a stage has file assets (Lambda bundles, the web app): the asset-publishing role.
    const fileRole = pipeline.node.tryFindChild("Assets")?.node.tryFindChild("FileRole");
    if (fileRole === undefined) return;
    acknowledge(
      fileRole,
      "AwsSolutions-IAM5",
      "The asset-publishing role assumes only the target accounts' file-publishing roles (named, see the template tests); CDK grants this role, shared by every asset-publishing CodeBuild project it may add, CodeBuild's build actions and the log and report groups of the tools account's CodeBuild projects by wildcard.",
      [
        "Resource::*",
        `Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/*`,
        `Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/*`,
      ],
    );
  }
}

/** `npx cdk synth -c 'key=value' ...`, each pair quoted for the shell of CodeBuild's buildspec. */
export function synthCommand(context: Readonly<Record<string, string>>): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  return [
    "npx cdk synth",
    ...Object.entries(context).map(([key, value]) => `-c ${quote(`${key}=${value}`)}`),
  ].join(" ");
}
