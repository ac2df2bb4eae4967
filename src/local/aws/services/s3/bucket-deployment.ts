// CDK's BucketDeployment (`Custom::CDKBucketDeployment`), run natively at start-up with the inputs
// its Python handler reads (aws-cdk-lib custom-resource-handlers, aws-s3-deployment/index.py): each
// source (SourceBucketNames[i], SourceObjectKeys[i]) is a cdk.out asset, its files written under
// DestinationBucketKeyPrefix with the markers of SourceMarkers[i] replaced as SourceMarkersConfig[i]
// says (jsonEscape → UNQUOTED_JSON_VALUE, else LITERAL; this is how `Source.jsonData` gets its
// resolved tokens), then with Prune (default on) every other object under the prefix deleted, as
// `aws s3 sync --delete` does. Content types are guessed from file names as the AWS CLI does (mime
// types); SystemMetadata `content-type` wins. The writes are S3 calls made in-process as the
// handler's execution role, so its IAM policy decides as it would on AWS. The handler itself is not
// run: it needs the AWS CLI layer and answers CloudFormation through a pre-signed response URL.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { lookup } from "mime-types";
import { AccountmeshError } from "../../../../shared/errors.js";
import type { Provisioned, ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { AwsClient } from "../../aws-client.js";
import { rolePrincipal } from "../../caller-identity.js";
import { AwsError } from "../../protocol/aws-error.js";

export const BUCKET_DEPLOYMENT_TYPE = "Custom::CDKBucketDeployment";

export interface BucketDeploymentDeps {
  readonly aws: AwsClient;
  /** Execution role of a provisioned function, by function ARN. */
  roleOfFunction(functionArn: string): string | undefined;
  /** Object keys currently under `prefix` of `bucket` (no IAM: the deployment's own listing). */
  keysUnder(bucket: string, prefix: string): readonly string[];
}

const label = (resource: ResolvedResource) =>
  `${resource.stack.account}/${resource.stack.stackName}/${resource.logicalId}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** A marker's replacement as the handler's `encode_marker_value` writes it. */
export function encodeMarker(
  value: unknown,
  config: Readonly<Record<string, unknown>>,
  marker: string,
): string {
  const jsonEscape = String(config.jsonEscape ?? "false").toLowerCase() === "true";
  const encodings = (config.markerEncodings ?? {}) as Record<string, string>;
  const encoding = encodings[marker] ?? (jsonEscape ? "UNQUOTED_JSON_VALUE" : "LITERAL");
  switch (encoding) {
    case "LITERAL":
      return String(value);
    case "JSON_VALUE":
      return JSON.stringify(value);
    case "UNQUOTED_JSON_VALUE": {
      const serialized = JSON.stringify(value);
      return serialized.startsWith('"') && serialized.endsWith('"') ? serialized.slice(1, -1) : serialized;
    }
    default:
      throw new Error(`unknown marker encoding ${encoding} for ${marker}`);
  }
}

function replaceMarkers(
  body: Buffer,
  markers: Readonly<Record<string, unknown>>,
  config: Readonly<Record<string, unknown>>,
): Buffer {
  const names = Object.keys(markers);
  if (names.length === 0) return body;
  let text = body.toString("latin1");
  for (const name of names) {
    const replacement = Buffer.from(encodeMarker(markers[name], config, name), "utf8").toString("latin1");
    text = text.split(name).join(replacement);
  }
  return Buffer.from(text, "latin1");
}

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The provider of `Custom::CDKBucketDeployment`. */
export function createBucketDeploymentProvider(deps: BucketDeploymentDeps): ResourceProvider {
  return {
    type: BUCKET_DEPLOYMENT_TYPE,
    properties: [
      "ServiceToken",
      "SourceBucketNames",
      "SourceObjectKeys",
      "SourceMarkers",
      "SourceMarkersConfig",
      "DestinationBucketName",
      "DestinationBucketKeyPrefix",
      "DestinationBucketArn",
      "Prune",
      "RetainOnDelete",
      "SystemMetadata",
      "OutputObjectKeys",
      "DistributionId",
      "DistributionPaths",
      "WaitForDistributionInvalidation",
    ],
    async create(resource): Promise<Provisioned> {
      const where = label(resource);
      const p = resource.properties;
      const fail = (code: string, message: string): never => {
        throw new AccountmeshError(code, `${where}: ${message}`, { where });
      };
      if (p.Extract !== undefined && String(p.Extract) !== "true") {
        fail(
          "BUCKET_DEPLOYMENT_UNSUPPORTED",
          "extract: false is not supported locally; deploy extracted sources.",
        );
      }
      for (const name of ["Include", "Exclude", "UserMetadata", "SignContent"]) {
        if (p[name] !== undefined) fail("BUCKET_DEPLOYMENT_UNSUPPORTED", `${name} is not supported locally.`);
      }
      const functionArn = String(p.ServiceToken);
      const roleArn =
        deps.roleOfFunction(functionArn) ??
        fail(
          "CUSTOM_RESOURCE_NO_ROLE",
          `the BucketDeployment function ${functionArn} has no execution role locally.`,
        );
      const bucket = String(p.DestinationBucketName);
      const prefix = String(p.DestinationBucketKeyPrefix ?? "");
      const keys = list<string>(p.SourceObjectKeys);
      const markers = list<Record<string, unknown>>(p.SourceMarkers);
      const configs = list<Record<string, unknown>>(p.SourceMarkersConfig);
      const system = (p.SystemMetadata ?? {}) as Record<string, string>;
      const principal = rolePrincipal(roleArn, `BucketDeployment-${resource.logicalId}`.slice(0, 64));
      const context = {
        caller: {
          principal,
          account: principal.kind === "role" ? principal.account : resource.stack.account,
        },
        region: resource.stack.region,
        source: { sourceIp: "127.0.0.1", via: [where] },
      };
      const files = new Map<string, Buffer>();
      for (const [index, objectKey] of keys.entries()) {
        const asset = resource.stack.assets.get(objectKey);
        if (asset === undefined || !statSync(asset.path, { throwIfNoEntry: false })?.isDirectory()) {
          fail(
            "BUCKET_DEPLOYMENT_SOURCE_MISSING",
            `source ${objectKey} is not a directory asset of ${resource.stack.stackName} in cdk.out (zipped file sources are not supported locally); synthesize again.`,
          );
        }
        const dir = asset?.path ?? "";
        for (const file of filesUnder(dir)) {
          const key = prefix + relative(dir, file).split(sep).join("/");
          files.set(key, replaceMarkers(readFileSync(file), markers[index] ?? {}, configs[index] ?? {}));
        }
      }
      try {
        for (const [key, body] of files) {
          const contentType = system["content-type"] ?? (lookup(key) || "binary/octet-stream");
          await deps.aws.call(context, "s3", "PutObject", {
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
          });
        }
        if (String(p.Prune ?? "true").toLowerCase() === "true") {
          for (const key of deps.keysUnder(bucket, prefix)) {
            if (!files.has(key))
              await deps.aws.call(context, "s3", "DeleteObject", { Bucket: bucket, Key: key });
          }
        }
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        fail(
          "BUCKET_DEPLOYMENT_FAILED",
          `writing s3://${bucket}/${prefix} as ${roleArn} failed with ${error.code}: ${error.message}`,
        );
      }
      return {
        ref: `aws.cdk.s3deployment.${resource.logicalId}`,
        attributes: { SourceObjectKeys: [...files.keys()], DestinationBucketArn: `arn:aws:s3:::${bucket}` },
      };
    },
  };
}
