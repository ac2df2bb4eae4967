// The flights pipeline (tools account; seed 002's challenge 1, "cross-account deployment"): CDK
// Pipelines deploying one stage per environment, each stage the system's stacks in their own accounts.
// The seed's hand-made cross-account roles (CodePipelineActionServiceRole, CloudFormationServiceRole,
// with cloudformation:*, s3:*, kms:* and an AdministratorAccess pipeline role) are replaced by the
// roles `cdk bootstrap --trust <tools account>` creates in every target account: the pipeline assumes
// only their deploy role (`cdk-hnb659fds-deploy-role-<account>-<region>`), which passes the
// CloudFormation execution role; assets are published through their file-publishing roles. The
// source is a CodeStar (CodeConnections) connection given by ARN, since CodeCommit is closed to new
// customers; the artifact bucket is encrypted with a KMS key the target accounts may use
// (`crossAccountKeys`). Locally none of this runs: the pipeline's resources are deploy-time only.
import { type CfnElement, Stack, type StackProps, Stage, type StageProps } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
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
  /** The synth step's commands (default: `npm ci`, `npx cdk synth` with the source's context). */
  readonly synthCommands?: readonly string[];
}

class SystemStage extends Stage {
  constructor(scope: Construct, spec: PipelineStageSpec) {
    super(scope, spec.name, spec.env === undefined ? {} : { env: spec.env });
    spec.build(this);
  }
}

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
      crossAccountKeys: true,
      enableKeyRotation: true,
      synth: new pipelines.ShellStep("Synth", {
        input,
        commands: [
          ...(props.synthCommands ?? [
            "npm ci",
            `npx cdk synth -c flights:connectionArn=${source.connectionArn} -c flights:repository=${source.repository} -c flights:branch=${source.branch}`,
          ]),
        ],
      }),
    });
    for (const spec of props.stages) this.pipeline.addStage(new SystemStage(this, spec));
    this.pipeline.buildPipeline();
    this.#acknowledgeFindings();
  }

  /** cdk-nag findings on what CDK Pipelines generates, each acknowledged by its finding id with a reason. */
  #acknowledgeFindings(): void {
    const { account, region } = this;
    const bucket = this.pipeline.pipeline.artifactBucket.node.defaultChild as CfnElement;
    acknowledge(
      this,
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
    const projects = this.node
      .findAll()
      .filter((c): c is codebuild.CfnProject => c instanceof codebuild.CfnProject);
    acknowledge(
      this,
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
      this,
      "AwsSolutions-IAM5",
      "The self-mutation step runs `cdk deploy` of this pipeline in the tools account: it may assume only the tools account's bootstrap roles (condition iam:ResourceTag/aws-cdk:bootstrap-role), and cloudformation:DescribeStacks and s3:ListBucket have no narrower resource CDK can name before deploy.",
      ["Resource::*", `Resource::arn:*:iam::${account}:role/*`],
    );
    acknowledge(
      this,
      "AwsSolutions-CB4",
      "CodeBuild projects of CDK Pipelines encrypt with the pipeline's artifact KMS key through CodePipeline; the projects keep no artifacts of their own.",
    );
    acknowledge(
      this,
      "AwsSolutions-S1",
      "The pipeline's artifact bucket holds build outputs read only by the pipeline; CloudTrail records its API use.",
    );
  }
}

/** The context keys a synth for the pipeline reads. */
export const PIPELINE_CONTEXT = {
  connectionArn: "flights:connectionArn",
  repository: "flights:repository",
  branch: "flights:branch",
} as const;

const CONNECTION_ARN =
  /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;

/**
 * The pipeline's source from CDK context (`-c flights:connectionArn=... -c flights:repository=owner/name
 * [-c flights:branch=main]`), or undefined when no connection ARN is given (no pipeline is synthesized).
 * Throws, naming the key and the value received, when a value is malformed.
 */
export function pipelineSourceFromContext(get: (key: string) => unknown): PipelineSource | undefined {
  const connectionArn = get(PIPELINE_CONTEXT.connectionArn);
  if (connectionArn === undefined) return undefined;
  if (typeof connectionArn !== "string" || !CONNECTION_ARN.test(connectionArn)) {
    throw new Error(
      `Context ${PIPELINE_CONTEXT.connectionArn} must be a CodeStar connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<uuid>); received ${JSON.stringify(connectionArn)}. Create the connection in the tools account's console and pass its ARN.`,
    );
  }
  const repository = get(PIPELINE_CONTEXT.repository);
  if (typeof repository !== "string" || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(
      `Context ${PIPELINE_CONTEXT.repository} must be the repository as owner/name; received ${JSON.stringify(repository)}.`,
    );
  }
  const branch = get(PIPELINE_CONTEXT.branch) ?? "main";
  if (typeof branch !== "string" || branch === "") {
    throw new Error(
      `Context ${PIPELINE_CONTEXT.branch} must be a branch name; received ${JSON.stringify(branch)}.`,
    );
  }
  return { connectionArn, repository, branch };
}
