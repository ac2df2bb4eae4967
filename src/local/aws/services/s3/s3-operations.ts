// S3's operations with SDK v3-shaped input and output, shared by the wire (s3-wire.ts) and in-process
// callers (CloudFront reading an origin through OAC, BucketDeployment writing a bucket). Each asks the
// decision point first (s3-access.ts). Errors as S3 names them (S3 API Reference, "Error responses"):
// NoSuchBucket 404; NoSuchKey 404 when the caller may s3:ListBucket, else AccessDenied 403 (S3 hides
// whether a key exists); NoSuchBucketPolicy 404; InvalidArgument / MalformedPolicy 400.
import type { Authorizer, PolicyDocument } from "../../../iam/types.js";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { authorizeS3, isPublicPolicy, mayS3 } from "./s3-access.js";
import type { S3Bucket, S3ObjectMeta, S3Store } from "./s3-store.js";

const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

function text(input: Readonly<Record<string, unknown>>, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value === "") {
    throw new AwsError("InvalidArgument", `${name} is required and must be a non-empty string.`);
  }
  return value;
}

function optional(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = input[name];
  return typeof value === "string" ? value : undefined;
}

function bodyOf(value: unknown): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === "string") return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value);
  throw new AwsError("InvalidArgument", "Body must be bytes or a string.");
}

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

function outputOf(meta: S3ObjectMeta): Record<string, unknown> {
  return {
    ContentType: meta.contentType,
    ContentLength: meta.size,
    ETag: meta.etag,
    LastModified: new Date(meta.lastModified),
    Metadata: meta.metadata,
  };
}

export function createS3Operations(deps: {
  readonly authorizer: Authorizer;
  readonly store: S3Store;
}): Record<string, AwsOperation> {
  const { authorizer, store } = deps;
  const bucketOf = (input: Readonly<Record<string, unknown>>): S3Bucket => {
    const name = text(input, "Bucket");
    const bucket = store.bucket(name);
    if (bucket === undefined) {
      throw new AwsError("NoSuchBucket", `The specified bucket does not exist: ${name}`, 404);
    }
    return bucket;
  };
  const missingKey = (context: OperationContext, bucket: S3Bucket, key: string): AwsError =>
    mayS3(authorizer, context, bucket, "s3:ListBucket", bucket.arn)
      ? new AwsError("NoSuchKey", `The specified key does not exist: ${key}`, 404)
      : new AwsError("AccessDenied", "Access Denied", 403);
  const read = (input: Readonly<Record<string, unknown>>, context: OperationContext) => {
    const bucket = bucketOf(input);
    const key = text(input, "Key");
    authorizeS3(authorizer, context, bucket, "s3:GetObject", objectArn(bucket.name, key));
    const object = store.get(bucket.name, key);
    if (object === undefined) throw missingKey(context, bucket, key);
    return object;
  };
  const list = (input: Readonly<Record<string, unknown>>, context: OperationContext, after: string) => {
    const bucket = bucketOf(input);
    authorizeS3(authorizer, context, bucket, "s3:ListBucket", bucket.arn);
    const prefix = optional(input, "Prefix") ?? "";
    const delimiter = optional(input, "Delimiter");
    const maxKeys = Math.min(Math.max(Number(input.MaxKeys ?? 1000), 0), 1000);
    const contents: S3ObjectMeta[] = [];
    const prefixes = new Set<string>();
    let truncated = false;
    let last = "";
    for (const meta of store.list(bucket.name, prefix)) {
      if (meta.key <= after) continue;
      const cut = delimiter === undefined ? -1 : meta.key.indexOf(delimiter, prefix.length);
      const common = cut === -1 ? undefined : meta.key.slice(0, cut + (delimiter ?? "").length);
      if (common !== undefined && prefixes.has(common)) continue;
      if (contents.length + prefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      if (common === undefined) contents.push(meta);
      else prefixes.add(common);
      last = common === undefined ? meta.key : `${common}\uffff`;
    }
    return { bucket, prefix, delimiter, maxKeys, contents, prefixes: [...prefixes], truncated, last };
  };
  const contentsOf = (contents: readonly S3ObjectMeta[]) =>
    contents.map((meta) => ({
      Key: meta.key,
      LastModified: new Date(meta.lastModified),
      ETag: meta.etag,
      Size: meta.size,
      StorageClass: "STANDARD",
    }));

  return {
    async ListBuckets(_input, context) {
      authorizeS3(
        authorizer,
        context,
        {
          name: "*",
          account: context.caller.account,
          region: context.region,
          arn: "*",
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
          creationDate: "",
        },
        "s3:ListAllMyBuckets",
        "*",
      );
      return {
        Buckets: store
          .buckets()
          .filter((bucket) => bucket.account === context.caller.account)
          .map((bucket) => ({
            Name: bucket.name,
            BucketRegion: bucket.region,
            CreationDate: new Date(bucket.creationDate),
          })),
        Owner: { ID: context.caller.account },
      };
    },
    async HeadBucket(input, context) {
      const bucket = bucketOf(input);
      authorizeS3(authorizer, context, bucket, "s3:ListBucket", bucket.arn);
      return { BucketRegion: bucket.region };
    },
    async GetBucketLocation(input, context) {
      const bucket = bucketOf(input);
      authorizeS3(authorizer, context, bucket, "s3:GetBucketLocation", bucket.arn);
      return { LocationConstraint: bucket.region === "us-east-1" ? "" : bucket.region };
    },
    async GetBucketPolicy(input, context) {
      const bucket = bucketOf(input);
      authorizeS3(authorizer, context, bucket, "s3:GetBucketPolicy", bucket.arn);
      if (bucket.policy === undefined) {
        throw new AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
      }
      return { Policy: JSON.stringify(bucket.policy) };
    },
    async PutBucketPolicy(input, context) {
      const bucket = bucketOf(input);
      authorizeS3(authorizer, context, bucket, "s3:PutBucketPolicy", bucket.arn);
      let policy: PolicyDocument;
      try {
        policy = JSON.parse(text(input, "Policy")) as PolicyDocument;
      } catch {
        throw new AwsError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
      }
      if (bucket.blockPublicPolicy && isPublicPolicy(policy)) {
        throw new AwsError(
          "AccessDenied",
          `User: ${context.caller.account} is not authorized to perform: s3:PutBucketPolicy on resource: "${bucket.arn}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
          403,
        );
      }
      bucket.policy = policy;
      return {};
    },
    async DeleteBucketPolicy(input, context) {
      const bucket = bucketOf(input);
      authorizeS3(authorizer, context, bucket, "s3:DeleteBucketPolicy", bucket.arn);
      delete bucket.policy;
      return {};
    },
    async PutObject(input, context) {
      const bucket = bucketOf(input);
      const key = text(input, "Key");
      authorizeS3(authorizer, context, bucket, "s3:PutObject", objectArn(bucket.name, key));
      const metadata = (input.Metadata ?? {}) as Record<string, string>;
      const meta = store.put(
        bucket.name,
        key,
        bodyOf(input.Body),
        optional(input, "ContentType") ?? DEFAULT_CONTENT_TYPE,
        metadata,
        context.now,
      );
      return { ETag: meta.etag };
    },
    async GetObject(input, context) {
      const object = read(input, context);
      return { ...outputOf(object.meta), Body: object.body };
    },
    async HeadObject(input, context) {
      return outputOf(read(input, context).meta);
    },
    async DeleteObject(input, context) {
      const bucket = bucketOf(input);
      const key = text(input, "Key");
      authorizeS3(authorizer, context, bucket, "s3:DeleteObject", objectArn(bucket.name, key));
      store.delete(bucket.name, key);
      return {};
    },
    async DeleteObjects(input, context) {
      const bucket = bucketOf(input);
      const objects = ((input.Delete as { Objects?: { Key?: string }[] } | undefined)?.Objects ?? []).map(
        (o) => o.Key ?? "",
      );
      if (objects.length > 1000) {
        throw new AwsError(
          "MalformedXML",
          "The XML you provided was not well-formed: at most 1000 keys per request.",
        );
      }
      const deleted: { Key: string }[] = [];
      const errors: { Key: string; Code: string; Message: string }[] = [];
      for (const key of objects) {
        try {
          authorizeS3(authorizer, context, bucket, "s3:DeleteObject", objectArn(bucket.name, key));
          store.delete(bucket.name, key);
          deleted.push({ Key: key });
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          errors.push({ Key: key, Code: error.code, Message: error.message });
        }
      }
      const quiet = (input.Delete as { Quiet?: boolean } | undefined)?.Quiet === true;
      return { Deleted: quiet ? [] : deleted, Errors: errors };
    },
    async CopyObject(input, context) {
      const source = decodeURIComponent(text(input, "CopySource").replace(/^\//, "").split("?")[0] ?? "");
      const slash = source.indexOf("/");
      if (slash <= 0 || slash === source.length - 1) {
        throw new AwsError(
          "InvalidArgument",
          `Invalid copy source: ${JSON.stringify(source)} (expected <bucket>/<key>).`,
        );
      }
      const object = read({ Bucket: source.slice(0, slash), Key: source.slice(slash + 1) }, context);
      const bucket = bucketOf(input);
      const key = text(input, "Key");
      authorizeS3(authorizer, context, bucket, "s3:PutObject", objectArn(bucket.name, key));
      const replace = input.MetadataDirective === "REPLACE";
      const meta = store.put(
        bucket.name,
        key,
        object.body,
        replace ? (optional(input, "ContentType") ?? DEFAULT_CONTENT_TYPE) : object.meta.contentType,
        replace ? ((input.Metadata ?? {}) as Record<string, string>) : object.meta.metadata,
        context.now,
      );
      return { CopyObjectResult: { ETag: meta.etag, LastModified: new Date(meta.lastModified) } };
    },
    async ListObjectsV2(input, context) {
      const token = optional(input, "ContinuationToken");
      const after =
        token === undefined
          ? (optional(input, "StartAfter") ?? "")
          : Buffer.from(token, "base64url").toString();
      const page = list(input, context, after);
      return {
        Name: page.bucket.name,
        Prefix: page.prefix,
        ...(page.delimiter === undefined ? {} : { Delimiter: page.delimiter }),
        MaxKeys: page.maxKeys,
        KeyCount: page.contents.length + page.prefixes.length,
        IsTruncated: page.truncated,
        Contents: contentsOf(page.contents),
        CommonPrefixes: page.prefixes.map((prefix) => ({ Prefix: prefix })),
        ...(token === undefined ? {} : { ContinuationToken: token }),
        ...(page.truncated ? { NextContinuationToken: Buffer.from(page.last).toString("base64url") } : {}),
      };
    },
    async ListObjects(input, context) {
      const page = list(input, context, optional(input, "Marker") ?? "");
      return {
        Name: page.bucket.name,
        Prefix: page.prefix,
        Marker: optional(input, "Marker") ?? "",
        MaxKeys: page.maxKeys,
        IsTruncated: page.truncated,
        Contents: contentsOf(page.contents),
        CommonPrefixes: page.prefixes.map((prefix) => ({ Prefix: prefix })),
        ...(page.truncated ? { NextMarker: page.last } : {}),
      };
    },
  };
}
