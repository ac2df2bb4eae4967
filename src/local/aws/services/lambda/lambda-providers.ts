// Resource providers for Lambda: AWS::Lambda::Function registers the deployed bundle with the host
// (whatever its runtime: one the machine cannot run is reported, and its invocations fail as a broken
// runtime's); AWS::Lambda::Permission adds a statement to the function's resource policy; layer
// versions and function URLs are in layer-and-url-providers.ts.
// Not honoured, hence reported at start-up: TracingConfig, SnapStart,
// EphemeralStorage, FileSystemConfigs, ... (any property not listed below). AWS::Lambda::Alias and
// AWS::Lambda::Version have no provider.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stableId } from "../../../../shared/ids.js";
import { requiredText, text, where } from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider, UnsupportedFeature } from "../../../assembly/types.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { AsyncInvocations } from "./async-invocations.js";
import { eventInvokeConfigProvider } from "./event-invoke-config-provider.js";
import { eventSourceMappingProvider } from "./event-source-mapping-provider.js";
import type { EventSourceMappings } from "./event-source-mappings.js";
import { functionSpecOf } from "./function-resource.js";
import { functionArnOf } from "./invoke.js";
import type { LambdaPermissions } from "./lambda-permissions.js";
import { LambdaState } from "./lambda-state.js";
import { createLayerAndUrlProviders } from "./layer-and-url-providers.js";

export interface LambdaProviderDeps {
  readonly host: LambdaHost;
  readonly permissions: LambdaPermissions;
  /** Layers, URLs, revisions and runtimes (default: a state of its own). */
  readonly state?: LambdaState;
  /** What the templates ask for and this runtime does not honour (default: dropped). */
  readonly report?: (feature: UnsupportedFeature) => void;
  /** VPC of a subnet id (from the network state): VpcConfig names subnets only. */
  readonly vpcOfSubnet: (subnetId: string) => string | undefined;
  /** Where inline code (Code.ZipFile) is written. Default: `<os tmpdir>/accountmesh-lambda-inline`. */
  readonly inlineCodeDir?: string;
  /** Asynchronous invocation settings (DeadLetterConfig, AWS::Lambda::EventInvokeConfig). */
  readonly async?: AsyncInvocations;
  /** Event source mappings (DynamoDB streams, SQS queues). */
  readonly mappings?: EventSourceMappings;
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
  "Layers",
  "DeadLetterConfig",
  // Inert locally: they change nothing about how the code runs here.
  "Architectures",
  "Description",
  "Tags",
];

export function createLambdaProviders(deps: LambdaProviderDeps): ResourceProvider[] {
  const state = deps.state ?? new LambdaState();
  const report = (
    kind: UnsupportedFeature["kind"],
    name: string,
    resource: ResolvedResource,
    detail: string,
  ) =>
    deps.report?.({
      kind,
      name,
      where: `${resource.stack.stackName}/${resource.logicalId}`,
      count: 1,
      detail,
    });
  const context = {
    vpcOfSubnet: deps.vpcOfSubnet,
    inlineCodeDir: deps.inlineCodeDir ?? join(tmpdir(), "accountmesh-lambda-inline"),
    layerDir: (arn: string) => state.layer(arn)?.dir,
    missingLayer: (arn: string, resource: ResolvedResource) =>
      report(
        "property",
        `AWS::Lambda::Function.Layers ${arn}`,
        resource,
        "a layer version outside the cloud assembly: its content is not available locally, the function runs without it",
      ),
  };
  return [
    {
      type: "AWS::Lambda::Function",
      properties: FUNCTION_PROPERTIES,
      async create(resource) {
        const spec = functionSpecOf(resource, context);
        const support = deps.host.register(spec);
        const layers = resource.properties.Layers;
        if (Array.isArray(layers)) state.setFunctionLayers(spec.arn, layers.map(String));
        state.runtimes.set(support.runtime, support);
        const deadLetter = resource.properties.DeadLetterConfig as { TargetArn?: unknown } | undefined;
        if (typeof deadLetter?.TargetArn === "string") {
          deps.async?.configure(spec.arn, { deadLetterArn: deadLetter.TargetArn });
        }
        if (support.status === "unavailable") {
          report(
            "property",
            `AWS::Lambda::Function.Runtime ${support.runtime}`,
            resource,
            `${support.text}; invocations answer Runtime.InvalidEntrypoint (${where(resource, "Runtime")})`,
          );
        }
        return { ref: spec.name, attributes: { Arn: spec.arn } };
      },
    },
    ...(deps.async === undefined ? [] : [eventInvokeConfigProvider(deps.async)]),
    ...(deps.mappings === undefined ? [] : [eventSourceMappingProvider(deps.mappings)]),
    ...createLayerAndUrlProviders(state, (name, resource, detail) =>
      report("property", name, resource, detail),
    ),
    {
      type: "AWS::Lambda::Permission",
      properties: [
        "Action",
        "FunctionName",
        "Principal",
        "SourceArn",
        "SourceAccount",
        "FunctionUrlAuthType",
        "InvokedViaFunctionUrl",
        "PrincipalOrgID",
      ],
      async create(resource) {
        const { stack, logicalId } = resource;
        const sid = `${`${stack.stackName}-${logicalId}`.slice(0, 87)}-${stableId([stack.account, stack.stackName, logicalId], 12, "alnum")}`;
        const sourceArn = text(resource, resource.properties, "SourceArn", "SourceArn");
        const sourceAccount = text(resource, resource.properties, "SourceAccount", "SourceAccount");
        const authType = text(resource, resource.properties, "FunctionUrlAuthType", "FunctionUrlAuthType");
        const orgId = text(resource, resource.properties, "PrincipalOrgID", "PrincipalOrgID");
        const via = resource.properties.InvokedViaFunctionUrl;
        deps.permissions.add({
          sid,
          functionArn: functionArnOf(requiredText(resource, "FunctionName"), stack.account, stack.region),
          action: requiredText(resource, "Action"),
          principal: requiredText(resource, "Principal"),
          ...(sourceArn === undefined ? {} : { sourceArn }),
          ...(sourceAccount === undefined ? {} : { sourceAccount }),
          ...(authType === undefined ? {} : { functionUrlAuthType: authType }),
          ...(orgId === undefined ? {} : { principalOrgId: orgId }),
          ...(via === true || via === "true" ? { invokedViaFunctionUrl: true } : {}),
        });
        return { ref: sid };
      },
    },
  ];
}
