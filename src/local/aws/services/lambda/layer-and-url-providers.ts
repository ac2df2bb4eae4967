// AWS::Lambda::LayerVersion (its content directory, for the functions that list it) and
// AWS::Lambda::Url (a function URL: `https://<url-id>.lambda-url.<region>.on.aws/`, served by the
// plugin's front door, function-url-door.ts).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  invalid,
  notRunnableLocally,
  record,
  requiredText,
  text,
  where,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import { functionArnOf } from "./invoke.js";
import type { Cors, LambdaState } from "./lambda-state.js";

function layerNameOf(resource: ResolvedResource): string {
  const explicit = text(resource, resource.properties, "LayerName", "LayerName");
  if (explicit !== undefined) return explicit;
  const { stack, logicalId } = resource;
  return `${logicalId.slice(0, 50)}-${stableId([stack.account, stack.stackName, logicalId], 12, "alnum")}`;
}

function strings(resource: ResolvedResource, value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw invalid(resource, path, "a list of strings", value);
  }
  return value as string[];
}

function corsOf(resource: ResolvedResource): Cors | undefined {
  const cors = resource.properties.Cors;
  if (cors === undefined) return undefined;
  const given = record(resource, "Cors");
  const maxAge = given.MaxAge === undefined ? undefined : Number(given.MaxAge);
  const list = (key: string) => strings(resource, given[key], `Cors.${key}`);
  const parts: Cors = {
    ...(given.AllowCredentials === undefined
      ? {}
      : { allowCredentials: given.AllowCredentials === true || given.AllowCredentials === "true" }),
    ...(list("AllowHeaders") === undefined ? {} : { allowHeaders: list("AllowHeaders") }),
    ...(list("AllowMethods") === undefined ? {} : { allowMethods: list("AllowMethods") }),
    ...(list("AllowOrigins") === undefined ? {} : { allowOrigins: list("AllowOrigins") }),
    ...(list("ExposeHeaders") === undefined ? {} : { exposeHeaders: list("ExposeHeaders") }),
    ...(maxAge === undefined || Number.isNaN(maxAge) ? {} : { maxAge }),
  };
  return parts;
}

export function createLayerAndUrlProviders(
  state: LambdaState,
  report: (name: string, resource: ResolvedResource, detail: string) => void,
): ResourceProvider[] {
  return [
    {
      type: "AWS::Lambda::LayerVersion",
      properties: [
        "Content",
        "LayerName",
        "CompatibleRuntimes",
        "CompatibleArchitectures",
        "Description",
        "LicenseInfo",
      ],
      async create(resource) {
        const { account, region, assets } = resource.stack;
        const key = text(resource, record(resource, "Content"), "S3Key", "Content.S3Key");
        const asset = key === undefined ? undefined : assets.get(key);
        if (asset?.packaging === "file" && asset.path.endsWith(".zip")) {
          // A layer shipped as a ready-made zip (CDK's AwsCliLayer for BucketDeployment): not unpacked
          // locally; the functions using it are reported as not runnable only if they are invoked.
          throw notRunnableLocally(
            resource,
            "LAMBDA_LAYER_ZIP_FILE",
            `${where(resource, "Content")} is a zip file asset (${asset.path}); accountmesh runs layers from directory assets only, so this layer is left out.`,
          );
        }
        if (asset === undefined || asset.packaging !== "zip") {
          throw new AccountmeshError(
            "LAMBDA_LAYER_NOT_IN_ASSEMBLY",
            `${where(resource, "Content")} must name a directory asset of the cloud assembly (Content.S3Key); ` +
              `received ${JSON.stringify(resource.properties.Content)}. Synthesize the app so its layers are in cdk.out.`,
            { stack: resource.stack.stackName, logicalId: resource.logicalId },
          );
        }
        const arn = `arn:aws:lambda:${region}:${account}:layer:${layerNameOf(resource)}:1`;
        state.addLayer({ arn, dir: asset.path });
        return { ref: arn, attributes: { LayerVersionArn: arn } };
      },
    },
    {
      type: "AWS::Lambda::Url",
      properties: ["TargetFunctionArn", "AuthType", "Cors", "InvokeMode", "Qualifier"],
      async create(resource) {
        const { account, region } = resource.stack;
        const functionArn = functionArnOf(requiredText(resource, "TargetFunctionArn"), account, region);
        const authType = requiredText(resource, "AuthType");
        if (authType !== "NONE" && authType !== "AWS_IAM") {
          throw invalid(resource, "AuthType", "NONE or AWS_IAM", authType);
        }
        const invokeMode = text(resource, resource.properties, "InvokeMode", "InvokeMode") ?? "BUFFERED";
        if (invokeMode !== "BUFFERED" && invokeMode !== "RESPONSE_STREAM") {
          throw invalid(resource, "InvokeMode", "BUFFERED or RESPONSE_STREAM", invokeMode);
        }
        if (invokeMode === "RESPONSE_STREAM") {
          report(
            "AWS::Lambda::Url.InvokeMode RESPONSE_STREAM",
            resource,
            "answered buffered: the whole response at once, as with BUFFERED",
          );
        }
        const qualifier = text(resource, resource.properties, "Qualifier", "Qualifier");
        if (qualifier !== undefined && qualifier !== "$LATEST") {
          report(
            "AWS::Lambda::Url.Qualifier",
            resource,
            `the URL invokes $LATEST (no versions or aliases locally), not ${qualifier}`,
          );
        }
        const id = stableId([account, region, functionArn, qualifier ?? ""], 32, "alnum");
        const host = `${id}.lambda-url.${region}.on.aws`;
        const cors = corsOf(resource);
        state.addUrl({
          id,
          functionArn,
          account,
          region,
          authType,
          invokeMode,
          host,
          url: `https://${host}/`,
          creationTime: new Date().toISOString(),
          ...(cors === undefined ? {} : { cors }),
        });
        return {
          ref: functionArn,
          attributes: { FunctionArn: functionArn, FunctionUrl: `https://${host}/` },
        };
      },
    },
  ];
}
