// AWS::Lambda::Function (resolved template resource) → FunctionSpec, with CloudFormation's defaults
// and Lambda's validation. Inline code (Code.ZipFile) is written to a directory as index.js.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  invalid,
  notRunnableLocally,
  record,
  requiredText,
  text,
  where,
  wholeNumber,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource } from "../../../assembly/types.js";
import { RESERVED_ENVIRONMENT_KEYS } from "../../../lambda/lambda-environment.js";
import type { FunctionSpec } from "../../../lambda/types.js";

export interface FunctionResourceContext {
  /** VPC of a subnet (VpcConfig names subnets only). */
  readonly vpcOfSubnet: (subnetId: string) => string | undefined;
  /** Where inline code (Code.ZipFile) is written, one directory per function. */
  readonly inlineCodeDir: string;
}

/** FunctionName, or the name CloudFormation generates: `<stack>-<logicalId>-<12 characters>`, at most 64. */
export function functionNameOf(resource: ResolvedResource): string {
  const explicit = text(resource, resource.properties, "FunctionName", "FunctionName");
  if (explicit !== undefined) {
    return explicit;
  }
  const { stack, logicalId } = resource;
  const suffix = stableId([stack.account, stack.stackName, logicalId], 12, "alnum");
  return `${`${stack.stackName}-${logicalId}`.slice(0, 64 - suffix.length - 1)}-${suffix}`;
}

function codeDirOf(resource: ResolvedResource, arn: string, context: FunctionResourceContext): string {
  const code = record(resource, "Code");
  const zipFile = text(resource, code, "ZipFile", "Code.ZipFile");
  if (zipFile !== undefined) {
    const dir = join(context.inlineCodeDir, stableId([arn], 16));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.js"), zipFile);
    return dir;
  }
  const key = text(resource, code, "S3Key", "Code.S3Key");
  const asset = key === undefined ? undefined : resource.stack.assets.get(key);
  if (asset === undefined) {
    throw new AccountmeshError(
      "LAMBDA_CODE_NOT_IN_ASSEMBLY",
      `${where(resource, "Code")} must name a file asset of the cloud assembly (Code.S3Key) or inline code ` +
        `(Code.ZipFile); received ${JSON.stringify(code)}. Synthesize the app so its bundles are in cdk.out.`,
      { stack: resource.stack.stackName, logicalId: resource.logicalId },
    );
  }
  if (asset.packaging !== "zip") {
    throw new AccountmeshError(
      "LAMBDA_CODE_UNSUPPORTED",
      `${where(resource, "Code")} is a pre-packaged file asset (${asset.path}); only directory assets run locally.`,
      { stack: resource.stack.stackName, logicalId: resource.logicalId },
    );
  }
  return asset.path;
}

function environmentOf(resource: ResolvedResource): Record<string, string> {
  const variables = record(resource, "Environment").Variables ?? {};
  if (typeof variables !== "object" || variables === null) {
    throw invalid(resource, "Environment.Variables", "an object", variables);
  }
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) {
      throw new AccountmeshError(
        "LAMBDA_RESERVED_ENVIRONMENT_VARIABLE",
        `${where(resource, "Environment.Variables")} sets ${key}, a variable Lambda reserves; remove it.`,
        { stack: resource.stack.stackName, logicalId: resource.logicalId, key },
      );
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw invalid(resource, `Environment.Variables.${key}`, "a string", value);
    }
    environment[key] = String(value);
  }
  return environment;
}

function vpcIdOf(resource: ResolvedResource, context: FunctionResourceContext): string | undefined {
  const subnets = record(resource, "VpcConfig").SubnetIds ?? [];
  if (!Array.isArray(subnets) || !subnets.every((s) => typeof s === "string")) {
    throw invalid(resource, "VpcConfig.SubnetIds", "a list of subnet ids", subnets);
  }
  const first = subnets[0] as string | undefined;
  if (first === undefined) {
    return undefined;
  }
  const vpcId = context.vpcOfSubnet(first);
  if (vpcId === undefined) {
    throw new AccountmeshError(
      "LAMBDA_UNKNOWN_SUBNET",
      `${where(resource, "VpcConfig.SubnetIds")} names subnet ${first}, which is not a subnet of this system.`,
      { stack: resource.stack.stackName, logicalId: resource.logicalId, subnetId: first },
    );
  }
  return vpcId;
}

function loggingOf(
  resource: ResolvedResource,
): Pick<FunctionSpec, "logGroupName" | "logFormat" | "applicationLogLevel"> {
  const logging = record(resource, "LoggingConfig");
  const logGroupName = text(resource, logging, "LogGroup", "LoggingConfig.LogGroup");
  const format = text(resource, logging, "LogFormat", "LoggingConfig.LogFormat");
  const level = text(resource, logging, "ApplicationLogLevel", "LoggingConfig.ApplicationLogLevel");
  if (format !== undefined && format !== "Text" && format !== "JSON") {
    throw invalid(resource, "LoggingConfig.LogFormat", "Text or JSON", format);
  }
  return {
    ...(logGroupName === undefined ? {} : { logGroupName }),
    ...(format === undefined ? {} : { logFormat: format }),
    ...(level === undefined ? {} : { applicationLogLevel: level }),
  };
}

export function functionSpecOf(resource: ResolvedResource, context: FunctionResourceContext): FunctionSpec {
  const { account, region } = resource.stack;
  const packageType = text(resource, resource.properties, "PackageType", "PackageType") ?? "Zip";
  const runtime = text(resource, resource.properties, "Runtime", "Runtime");
  if (packageType !== "Zip" || runtime === undefined || !/^nodejs\d+\.x$/.test(runtime)) {
    const what = packageType === "Zip" ? `Runtime ${runtime ?? "(missing)"}` : `a ${packageType} package`;
    throw notRunnableLocally(
      resource,
      "LAMBDA_UNSUPPORTED_RUNTIME",
      `${what}: only Node.js zip functions (nodejs<version>.x) run locally, so invoking it fails (ResourceNotFoundException).`,
      { runtime, packageType },
    );
  }
  const name = functionNameOf(resource);
  const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  const reservedConcurrency = wholeNumber(resource, "ReservedConcurrentExecutions");
  const vpcId = vpcIdOf(resource, context);
  return {
    arn,
    name,
    account,
    region,
    codeDir: codeDirOf(resource, arn, context),
    handler: requiredText(resource, "Handler"),
    runtime,
    environment: environmentOf(resource),
    timeoutSeconds: wholeNumber(resource, "Timeout") ?? 3,
    memoryMb: wholeNumber(resource, "MemorySize") ?? 128,
    roleArn: requiredText(resource, "Role"),
    ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
    ...(vpcId === undefined ? {} : { vpcId }),
    ...loggingOf(resource),
  };
}
