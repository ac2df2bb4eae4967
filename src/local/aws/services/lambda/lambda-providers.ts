// Resource providers for Lambda: AWS::Lambda::Function registers the deployed bundle with the host;
// AWS::Lambda::Permission adds a statement to the function's resource policy.
// Not honoured, hence reported at start-up: Layers, DeadLetterConfig, TracingConfig, SnapStart,
// EphemeralStorage, FileSystemConfigs, ... (any property not listed below). AWS::Lambda::Url,
// AWS::Lambda::Alias and AWS::Lambda::Version have no provider.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stableId } from "../../../../shared/ids.js";
import { requiredText, text } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import { functionSpecOf } from "./function-resource.js";
import { functionArnOf } from "./invoke.js";
import type { LambdaPermissions } from "./lambda-permissions.js";

export interface LambdaProviderDeps {
  readonly host: LambdaHost;
  readonly permissions: LambdaPermissions;
  /** VPC of a subnet id (from the network state): VpcConfig names subnets only. */
  readonly vpcOfSubnet: (subnetId: string) => string | undefined;
  /** Where inline code (Code.ZipFile) is written. Default: `<os tmpdir>/accountmesh-lambda-inline`. */
  readonly inlineCodeDir?: string;
}

const FUNCTION_PROPERTIES = [
  "Code",
  "Handler",
  "Runtime",
  "PackageType",
  "Role",
  "FunctionName",
  "Environment",
  "Timeout",
  "MemorySize",
  "VpcConfig",
  "ReservedConcurrentExecutions",
  "LoggingConfig",
  // Inert locally: they change nothing about how the code runs here.
  "Architectures",
  "Description",
  "Tags",
];

export function createLambdaProviders(deps: LambdaProviderDeps): ResourceProvider[] {
  const context = {
    vpcOfSubnet: deps.vpcOfSubnet,
    inlineCodeDir: deps.inlineCodeDir ?? join(tmpdir(), "accountmesh-lambda-inline"),
  };
  return [
    {
      type: "AWS::Lambda::Function",
      properties: FUNCTION_PROPERTIES,
      async create(resource) {
        const spec = functionSpecOf(resource, context);
        deps.host.register(spec);
        return { ref: spec.name, attributes: { Arn: spec.arn } };
      },
    },
    {
      type: "AWS::Lambda::Permission",
      properties: ["Action", "FunctionName", "Principal", "SourceArn", "SourceAccount"],
      async create(resource) {
        const { stack, logicalId } = resource;
        const sid = `${`${stack.stackName}-${logicalId}`.slice(0, 87)}-${stableId([stack.account, stack.stackName, logicalId], 12, "alnum")}`;
        const sourceArn = text(resource, resource.properties, "SourceArn", "SourceArn");
        const sourceAccount = text(resource, resource.properties, "SourceAccount", "SourceAccount");
        deps.permissions.add({
          sid,
          functionArn: functionArnOf(requiredText(resource, "FunctionName"), stack.account, stack.region),
          action: requiredText(resource, "Action"),
          principal: requiredText(resource, "Principal"),
          ...(sourceArn === undefined ? {} : { sourceArn }),
          ...(sourceAccount === undefined ? {} : { sourceAccount }),
        });
        return { ref: sid };
      },
    },
  ];
}
