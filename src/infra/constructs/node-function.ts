import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { acknowledge } from "../nag.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The esbuild options of every handler bundle (also recorded in the template for watch mode). */
const BUNDLE = {
  format: "esm",
  platform: "node",
  target: "node22",
  minify: true,
  sourcemap: true,
  mainFields: ["module", "main"],
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  outfile: "index.mjs",
} as const;

/** Absolute path of a handler entry under `src/handlers/` (e.g. `orders/post-order.ts`). */
export function handlerEntry(relative: string): string {
  return join(PROJECT_ROOT, "src", "handlers", relative);
}

export interface NodeFunctionProps
  extends Omit<NodejsFunctionProps, "entry" | "runtime" | "architecture" | "bundling" | "logGroup" | "role"> {
  /** Handler file relative to `src/handlers/`. */
  readonly handlerPath: string;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Our Lambda function: Node 22 on arm64, bundled by the local esbuild (never Docker) into one
 * self-contained ESM file (the AWS SDK included, so the deployed and the local runtime run the
 * same code), JSON logs into a log group of its own with a retention, and a role of its own
 * that starts with nothing but writing to that log group (and, in a VPC, managing its network
 * interfaces): callers add exactly the grants the code needs.
 */
export class NodeFunction extends NodejsFunction {
  readonly logGroupRef: logs.LogGroup;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const { handlerPath, logRetention, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${id}: logs to its own log group plus explicit grants`,
    });
    if (rest.vpc !== undefined) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: "ManageVpcNetworkInterfaces",
          actions: [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
          ],
          resources: ["*"],
        }),
      );
    }
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: handlerEntry(handlerPath),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      role,
      environment: { NODE_OPTIONS: "--enable-source-maps", ...rest.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        platform: "node",
        minify: true,
        sourceMap: true,
        externalModules: [],
        mainFields: [...BUNDLE.mainFields],
        forceDockerBundling: false,
        banner: BUNDLE.banner,
      },
    });
    // How this bundle was built, so `accountmesh dev` can rebuild it in place when a handler source
    // changes (watch mode) without a full synth. Metadata only: CloudFormation ignores it.
    (this.node.defaultChild as lambda.CfnFunction).addMetadata("accountmesh:bundle", {
      ...BUNDLE,
      entry: relative(PROJECT_ROOT, handlerEntry(handlerPath)),
    });
    this.logGroupRef = logGroup;
    this.executionRole = role;
    logGroup.grantWrite(role);
    acknowledge(
      this,
      "AwsSolutions-L1",
      "The project targets nodejs22.x (ARCHITECTURE.md §5: the runtime the handlers are tested on locally); moving to a newer runtime is a deliberate, tested change.",
    );
    acknowledge(
      role,
      "AwsSolutions-IAM5",
      "The EC2 network-interface actions Lambda needs to run in a VPC (Create/Describe/DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses) support no resource-level permissions, so they take Resource *.",
      ["Resource::*"],
    );
  }
}
