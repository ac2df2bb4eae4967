import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StackArtifact } from "../../../assembly/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { createBucketDeploymentProvider, encodeMarker } from "./bucket-deployment.js";
import { s3Plugin } from "./s3-plugin.js";

const WEB = "666666666666";
const BUCKET = "site";
const FUNCTION = `arn:aws:lambda:eu-central-1:${WEB}:function:deploy`;
let world: PlatformUnderTest;
let stack: StackArtifact;
let writerRole = "";
let readerRole = "";

function assetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "accountmesh-asset-"));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

const admin = {
  principal: { kind: "root" as const, account: WEB, arn: `arn:aws:iam::${WEB}:root` },
  account: WEB,
};
const s3 = (operation: string, input: Record<string, unknown>) =>
  world.platform.aws.call({ caller: admin, region: "eu-central-1" }, "s3", operation, input);

beforeAll(async () => {
  const app = assetDir({ "index.html": "<html/>", "assets/app.js": "run()" });
  const config = assetDir({ "config.json": '{"apiUrl":"<<marker:0xbaba:0>>","name":"<<marker:0xbaba:1>>"}' });
  stack = {
    ...testStack(WEB, "Web"),
    assets: new Map([
      ["app.zip", { hash: "app", path: app, packaging: "zip", objectKey: "app.zip" }],
      ["config.zip", { hash: "config", path: config, packaging: "zip", objectKey: "config.zip" }],
    ]),
  };
  world = await platformUnderTest([iamPlugin, s3Plugin], [stack]);
  await world.create(stack, "Site", "AWS::S3::Bucket", { BucketName: BUCKET });
  const trust = {
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  };
  const writer = await world.create(stack, "Writer", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "sync",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:PutObject", "s3:DeleteObject"],
              Resource: `arn:aws:s3:::${BUCKET}/*`,
            },
          ],
        },
      },
    ],
  });
  const reader = await world.create(stack, "Reader", "AWS::IAM::Role", { AssumeRolePolicyDocument: trust });
  writerRole = String(writer.attributes?.Arn);
  readerRole = String(reader.attributes?.Arn);
});

afterAll(async () => {
  await world?.stop();
});

function deploy(roleArn: string, properties: Record<string, unknown>) {
  const provider = createBucketDeploymentProvider({
    aws: world.platform.aws,
    roleOfFunction: (arn) => (arn === FUNCTION ? roleArn : undefined),
    // The objects of the bucket as they are on disk (one URI-encoded file per key).
    keysUnder: (bucket, prefix) => {
      const dirs = world.parts.flatMap((p) =>
        Object.entries((p.endpoints?.().buckets ?? {}) as Record<string, string>),
      );
      const dir = dirs.find(([name]) => name.endsWith(`/${bucket}`))?.[1] ?? "";
      return readdirSync(dir)
        .map((name) => decodeURIComponent(name))
        .filter((key) => key.startsWith(prefix));
    },
  });
  return provider.create({ stack, logicalId: "Deploy", type: "Custom::CDKBucketDeployment", properties });
}

describe("BucketDeployment (Custom::CDKBucketDeployment) at start-up", () => {
  it("writes every source's files with the markers resolved, as the handler's role", async () => {
    const result = await deploy(writerRole, {
      ServiceToken: FUNCTION,
      SourceBucketNames: ["assets", "assets"],
      SourceObjectKeys: ["app.zip", "config.zip"],
      SourceMarkers: [
        {},
        { "<<marker:0xbaba:0>>": "https://abc.execute-api/Prod/", "<<marker:0xbaba:1>>": 'say "hi"' },
      ],
      SourceMarkersConfig: [{}, { jsonEscape: true }],
      DestinationBucketName: BUCKET,
    });
    expect(result.attributes?.SourceObjectKeys).toEqual(["index.html", "assets/app.js", "config.json"]);
    const config = await s3("GetObject", { Bucket: BUCKET, Key: "config.json" });
    expect(JSON.parse(String(config.Body))).toEqual({
      apiUrl: "https://abc.execute-api/Prod/",
      name: 'say "hi"',
    });
    expect(config.ContentType).toBe("application/json");
    expect((await s3("HeadObject", { Bucket: BUCKET, Key: "assets/app.js" })).ContentType).toBe(
      "text/javascript",
    );
  });

  it("prunes what the sources no longer hold under the prefix", async () => {
    await s3("PutObject", { Bucket: BUCKET, Key: "old.html", Body: "old" });
    await deploy(writerRole, {
      ServiceToken: FUNCTION,
      SourceBucketNames: ["assets"],
      SourceObjectKeys: ["app.zip"],
      DestinationBucketName: BUCKET,
    });
    await expect(s3("HeadObject", { Bucket: BUCKET, Key: "old.html" })).rejects.toMatchObject({
      code: "NoSuchKey",
    });
    await expect(s3("HeadObject", { Bucket: BUCKET, Key: "config.json" })).rejects.toMatchObject({
      code: "NoSuchKey",
    });
    expect((await s3("HeadObject", { Bucket: BUCKET, Key: "index.html" })).ContentType).toBe("text/html");
  });

  it("fails by name when the handler's role may not write the bucket, or a source is not in cdk.out", async () => {
    const base = { ServiceToken: FUNCTION, SourceBucketNames: ["assets"], DestinationBucketName: BUCKET };
    await expect(deploy(readerRole, { ...base, SourceObjectKeys: ["app.zip"] })).rejects.toMatchObject({
      code: "BUCKET_DEPLOYMENT_FAILED",
      message: expect.stringContaining("AccessDenied"),
    });
    await expect(deploy(writerRole, { ...base, SourceObjectKeys: ["missing.zip"] })).rejects.toMatchObject({
      code: "BUCKET_DEPLOYMENT_SOURCE_MISSING",
    });
    await expect(
      deploy(writerRole, { ...base, SourceObjectKeys: ["app.zip"], Exclude: ["*.map"] }),
    ).rejects.toMatchObject({ code: "BUCKET_DEPLOYMENT_UNSUPPORTED" });
  });

  it("encodes marker values as the handler does", () => {
    expect(encodeMarker('a"b', { jsonEscape: "true" }, "m")).toBe('a\\"b');
    expect(encodeMarker(42, { jsonEscape: "true" }, "m")).toBe("42");
    expect(encodeMarker('a"b', {}, "m")).toBe('a"b');
    expect(encodeMarker("x", { markerEncodings: { m: "JSON_VALUE" } }, "m")).toBe('"x"');
  });
});
