// Lambda's control-plane operations on a function, in-process and on the wire (lambda-wire.ts):
// GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration (environment variables, timeout
// and memory: what changes how the code runs here), GetFunctionUrlConfig. Each asks the decision point
// for `lambda:<Operation>` on the function, with its resource policy (Lambda API reference).
import { createHash } from "node:crypto";
import type { Authorizer } from "../../../iam/types.js";
import { RESERVED_ENVIRONMENT_KEYS } from "../../../lambda/lambda-environment.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { FunctionSpec } from "../../../lambda/types.js";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { functionArnOf } from "./invoke.js";
import type { LambdaPermissions } from "./lambda-permissions.js";
import type { LambdaState } from "./lambda-state.js";

export interface FunctionOperationDeps {
  readonly host: Pick<LambdaHost, "spec" | "register">;
  readonly permissions: LambdaPermissions;
  readonly authorizer: Authorizer;
  readonly state: LambdaState;
}

const NOT_FOUND = "The resource you requested does not exist.";
/** Environment variables may take at most this many bytes, serialized (Lambda quotas). */
const MAX_ENVIRONMENT_BYTES = 4096;

/** The function `input.FunctionName` names, if the caller may `action` it; else Lambda's error. */
export function authorizedFunction(
  deps: Omit<FunctionOperationDeps, "state">,
  input: Readonly<Record<string, unknown>>,
  context: OperationContext,
  action: string,
): FunctionSpec {
  const name = input.FunctionName;
  if (typeof name !== "string" || name === "") {
    throw new AwsError("InvalidParameterValueException", "FunctionName is required.");
  }
  const functionArn = functionArnOf(name, context.caller.account, context.region);
  const spec = deps.host.spec(functionArn);
  if (spec === undefined) {
    throw new AwsError("ResourceNotFoundException", `Function not found: ${functionArn}`, 404);
  }
  const decision = authorizeCall(deps.authorizer, context, {
    action,
    resource: functionArn,
    resourceAccount: spec.account,
    resourcePolicy: deps.permissions.policy(functionArn),
  });
  if (!decision.allowed) {
    throw new AwsError(
      "AccessDeniedException",
      accessDeniedMessage(context.caller.principal, action, functionArn, decision),
      403,
    );
  }
  return spec;
}

/** FunctionConfiguration as Lambda returns it (SDK v3 member names). */
export function configurationOf(spec: FunctionSpec, state: LambdaState): Record<string, unknown> {
  const layers = state.functionLayers(spec.arn);
  return {
    FunctionName: spec.name,
    FunctionArn: spec.arn,
    ...(spec.runtime === "" ? {} : { Runtime: spec.runtime }),
    Role: spec.roleArn,
    ...(spec.handler === "" ? {} : { Handler: spec.handler }),
    CodeSize: 0,
    Description: "",
    Timeout: spec.timeoutSeconds,
    MemorySize: spec.memoryMb,
    LastModified: state.lastModified(spec.arn),
    CodeSha256: createHash("sha256").update(spec.codeDir).digest("base64"),
    Version: "$LATEST",
    ...(spec.vpcId === undefined
      ? {}
      : { VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: spec.vpcId } }),
    Environment: { Variables: { ...spec.environment } },
    TracingConfig: { Mode: "PassThrough" },
    RevisionId: state.revision(spec.arn),
    ...(layers.length === 0 ? {} : { Layers: layers.map((Arn) => ({ Arn, CodeSize: 0 })) }),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: spec.packageType ?? "Zip",
    Architectures: ["x86_64"],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: {
      LogFormat: spec.logFormat ?? "Text",
      LogGroup: spec.logGroupName ?? `/aws/lambda/${spec.name}`,
      ...(spec.applicationLogLevel === undefined ? {} : { ApplicationLogLevel: spec.applicationLogLevel }),
    },
  };
}

function environmentOf(input: Readonly<Record<string, unknown>>): Record<string, string> | undefined {
  const environment = input.Environment as { Variables?: unknown } | undefined;
  if (environment === undefined) return undefined;
  const variables = environment?.Variables ?? {};
  if (variables === null || typeof variables !== "object" || Array.isArray(variables)) {
    throw new AwsError("InvalidParameterValueException", "Environment.Variables must be a map of strings.");
  }
  const entries = Object.entries(variables as Record<string, unknown>);
  const reserved = entries.map(([key]) => key).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
  if (reserved.length > 0) {
    throw new AwsError(
      "InvalidParameterValueException",
      "Lambda was unable to configure your environment variables because the environment variables you have " +
        "provided contains reserved keys that are currently not supported for modification. Reserved keys used " +
        `in this request: ${reserved.join(", ")}`,
    );
  }
  const result = Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
  const measured = JSON.stringify(result);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
    throw new AwsError(
      "InvalidParameterValueException",
      "Lambda was unable to configure your environment variables because the environment variables you have " +
        `provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return result;
}

/** Members of UpdateFunctionConfiguration applied here; any other is refused by name. */
const UPDATABLE = new Set([
  "FunctionName",
  "Environment",
  "Timeout",
  "MemorySize",
  "RevisionId",
  "Description",
]);

function wholeNumberOf(input: Readonly<Record<string, unknown>>, member: string, min: number, max: number) {
  const value = input[member];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new AwsError(
      "InvalidParameterValueException",
      `${member} must be a whole number from ${min} to ${max}; received ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

export function createFunctionOperations(deps: FunctionOperationDeps): Record<string, AwsOperation> {
  const metadata = (context: OperationContext) => ({
    $metadata: { httpStatusCode: 200, requestId: context.requestId },
  });
  return {
    async GetFunction(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:GetFunction");
      return {
        Configuration: configurationOf(spec, deps.state),
        Code: { RepositoryType: "S3", Location: `file://${spec.codeDir}` },
        ...(spec.reservedConcurrency === undefined
          ? {}
          : { Concurrency: { ReservedConcurrentExecutions: spec.reservedConcurrency } }),
        ...metadata(context),
      };
    },
    async GetFunctionConfiguration(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:GetFunctionConfiguration");
      return { ...configurationOf(spec, deps.state), ...metadata(context) };
    },
    async UpdateFunctionConfiguration(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:UpdateFunctionConfiguration");
      const refused = Object.keys(input).filter((member) => !UPDATABLE.has(member));
      if (refused.length > 0) {
        throw new AwsError(
          "InvalidParameterValueException",
          `accountmesh applies Environment, Timeout and MemorySize locally; it cannot apply ${refused.join(", ")}.`,
        );
      }
      if (input.RevisionId !== undefined && input.RevisionId !== deps.state.revision(spec.arn)) {
        throw new AwsError(
          "PreconditionFailedException",
          "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
          412,
        );
      }
      const environment = environmentOf(input);
      const timeoutSeconds = wholeNumberOf(input, "Timeout", 1, 900);
      const memoryMb = wholeNumberOf(input, "MemorySize", 128, 10240);
      const updated: FunctionSpec = {
        ...spec,
        ...(environment === undefined ? {} : { environment }),
        ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
        ...(memoryMb === undefined ? {} : { memoryMb }),
      };
      // New environments get the new configuration; those running finish with the old one.
      deps.host.register(updated);
      deps.state.updated(spec.arn);
      return { ...configurationOf(updated, deps.state), ...metadata(context) };
    },
    async GetFunctionUrlConfig(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:GetFunctionUrlConfig");
      const url = deps.state.urlOf(spec.arn);
      if (url === undefined) throw new AwsError("ResourceNotFoundException", NOT_FOUND, 404);
      const cors = url.cors;
      return {
        FunctionUrl: url.url,
        FunctionArn: url.functionArn,
        AuthType: url.authType,
        InvokeMode: url.invokeMode,
        CreationTime: url.creationTime,
        LastModifiedTime: url.creationTime,
        ...(cors === undefined
          ? {}
          : {
              Cors: {
                AllowCredentials: cors.allowCredentials,
                AllowHeaders: cors.allowHeaders,
                AllowMethods: cors.allowMethods,
                AllowOrigins: cors.allowOrigins,
                ExposeHeaders: cors.exposeHeaders,
                MaxAge: cors.maxAge,
              },
            }),
        ...metadata(context),
      };
    },
  };
}
