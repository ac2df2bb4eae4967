import { existsSync, readFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { s3Plugin } from "./s3-plugin.js";

const WEB = "666666666666";
const OTHER = "777777777777";
const web = testStack(WEB, "Web");
const other = testStack(OTHER, "Other");
const BUCKET = "site-bucket";
const DISTRIBUTION = `arn:aws:cloudfront::${WEB}:distribution/E2EXAMPLE`;
let world: PlatformUnderTest;
let served: ServedHandler;
let writer: AwsCredentials;
let stranger: AwsCredentials;
let crossAccount: AwsCredentials;

const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

function client(credentials: AwsCredentials, virtualHosted = false): S3Client {
  const port = new URL(served.url).port;
  return new S3Client({
    region: "eu-central-1",
    credentials: { ...credentials },
    ...(virtualHosted
      ? {
          // A virtual-hosted request as AWS receives it (`<bucket>.s3.<region>.amazonaws.com`), with
          // every name resolved to the local endpoint.
          endpoint: `http://s3.eu-central-1.amazonaws.com:${port}`,
          requestHandler: new NodeHttpHandler({
            httpAgent: new Agent({
              lookup: (_host, options, callback) =>
                options.all
                  ? (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(
                      null,
                      [{ address: "127.0.0.1", family: 4 }],
                    )
                  : callback(null, "127.0.0.1", 4),
            }),
          }),
        }
      : { endpoint: served.url, forcePathStyle: true }),
  });
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, s3Plugin], [web, other]);
  await world.create(web, "Site", "AWS::S3::Bucket", { BucketName: BUCKET });
  await world.create(web, "SitePolicy", "AWS::S3::BucketPolicy", {
    Bucket: BUCKET,
    PolicyDocument: {
      Statement: [
        {
          // CDK's enforceSSL: the local endpoint stands for AWS's HTTPS endpoints, so this never denies.
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${BUCKET}/*`,
          Condition: { StringEquals: { "AWS:SourceArn": DISTRIBUTION } },
        },
      ],
    },
  });
  const role = await world.create(web, "Writer", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "write",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
              Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
            },
            { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
          ],
        },
      },
    ],
  });
  const strangerRole = await world.create(web, "Stranger", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
  });
  writer = world.platform.credentials.forRole(String(role.attributes?.Arn));
  stranger = world.platform.credentials.forRole(String(strangerRole.attributes?.Arn));
  crossAccount = world.platform.credentials.adminFor(OTHER);
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
});

describe("S3 objects through the local endpoint (AWS SDK v3, SigV4)", () => {
  it("puts, heads, gets, lists, copies and deletes objects, path-style", async () => {
    const s3 = client(writer);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "app/index.html",
        Body: "<h1>flights</h1>",
        ContentType: "text/html",
      }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "app/index.html" }));
    expect(head).toMatchObject({ ContentType: "text/html", ContentLength: 16, ETag: put.ETag });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "app/index.html" }));
    expect(await got.Body?.transformToString()).toBe("<h1>flights</h1>");
    await s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: "app/copy.html", CopySource: `${BUCKET}/app/index.html` }),
    );
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/assets/a b+c.js", Body: "x" }));
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "app/", Delimiter: "/" }),
    );
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["app/copy.html", "app/index.html"]);
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["app/assets/"]);
    const paged = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 2 }));
    expect(paged.IsTruncated).toBe(true);
    const rest = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: paged.NextContinuationToken }),
    );
    expect([...(paged.Contents ?? []), ...(rest.Contents ?? [])].map((c) => c.Key)).toEqual([
      "app/assets/a b+c.js",
      "app/copy.html",
      "app/index.html",
    ]);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "app/copy.html" }));
    const batch = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: "app/assets/a b+c.js" }, { Key: "gone" }] },
      }),
    );
    expect(batch.Deleted?.map((d) => d.Key)).toEqual(["app/assets/a b+c.js", "gone"]);
    expect(
      (await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "app/copy.html" })))).name,
    ).toBe("NoSuchKey");
  });

  it("lists the account's buckets with their creation dates (ListBuckets)", async () => {
    const listed = await client(writer).send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual([BUCKET]);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
  });

  it("answers virtual-hosted requests (<bucket>.s3.<region>.amazonaws.com) the same", async () => {
    const s3 = client(writer, true);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "vhost.txt", Body: "hosted" }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "vhost.txt" }));
    expect(await got.Body?.transformToString()).toBe("hosted");
  });

  it("keeps objects as real files under the data directory", async () => {
    await client(writer).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "disk/file.txt", Body: "on disk" }),
    );
    const dirs = (world.parts.find((p) => p.endpoints?.().buckets !== undefined)?.endpoints?.().buckets ??
      {}) as Record<string, string>;
    const dir = dirs[`${WEB}/${BUCKET}`] ?? "";
    expect(existsSync(join(dir, encodeURIComponent("disk/file.txt")))).toBe(true);
    expect(readFileSync(join(dir, encodeURIComponent("disk/file.txt")), "utf8")).toBe("on disk");
  });

  it("refuses a role without permission, another account, and hides missing keys from non-listers", async () => {
    const denied = await failure(
      client(stranger).send(new GetObjectCommand({ Bucket: BUCKET, Key: "vhost.txt" })),
    );
    expect(denied.name).toBe("AccessDenied");
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toContain("s3:GetObject");
    const foreign = await failure(
      client(crossAccount).send(new PutObjectCommand({ Bucket: BUCKET, Key: "x", Body: "x" })),
    );
    expect(foreign.name).toBe("AccessDenied");
    const hidden = await failure(
      client(stranger).send(new GetObjectCommand({ Bucket: BUCKET, Key: "nope" })),
    );
    expect(hidden.name).toBe("AccessDenied");
    const missingBucket = await failure(
      client(writer).send(new GetObjectCommand({ Bucket: "nope-bucket", Key: "x" })),
    );
    expect(missingBucket.name).toBe("NoSuchBucket");
  });

  it("lets CloudFront read through OAC only for the distribution the bucket policy names", async () => {
    await client(writer).send(new PutObjectCommand({ Bucket: BUCKET, Key: "index.html", Body: "home" }));
    const asDistribution = (arn: string) =>
      world.platform.aws.call(
        {
          caller: {
            principal: { kind: "service", service: "cloudfront.amazonaws.com" },
            account: WEB,
            sourceArn: arn,
          },
          region: "us-east-1",
        },
        "s3",
        "GetObject",
        { Bucket: BUCKET, Key: "index.html" },
      );
    const got = await asDistribution(DISTRIBUTION);
    expect(String(got.Body)).toBe("home");
    await expect(asDistribution(`arn:aws:cloudfront::${WEB}:distribution/EOTHER`)).rejects.toMatchObject({
      code: "AccessDenied",
    });
  });

  it("keeps Block Public Access: a public bucket policy is refused", async () => {
    const admin = client(world.platform.credentials.adminFor(WEB));
    const refused = await failure(
      admin.send(
        new PutBucketPolicyCommand({
          Bucket: BUCKET,
          Policy: JSON.stringify({
            Statement: [
              {
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `arn:aws:s3:::${BUCKET}/*`,
              },
            ],
          }),
        }),
      ),
    );
    expect(refused.name).toBe("AccessDenied");
    expect(refused.message).toContain("BlockPublicPolicy");
    const policy = await admin.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    expect(JSON.parse(policy.Policy ?? "{}").Statement[1].Principal).toEqual({
      Service: "cloudfront.amazonaws.com",
    });
    await expect(
      world.create(web, "Public", "AWS::S3::BucketPolicy", {
        Bucket: BUCKET,
        PolicyDocument: {
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }],
        },
      }),
    ).rejects.toMatchObject({ code: "S3_PUBLIC_POLICY_BLOCKED" });
  });
});
