import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../http/http-types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { s3Plugin } from "../s3/s3-plugin.js";
import { cloudFrontPlugin } from "./cloudfront-plugin.js";

const WEB = "666666666666";
const web = testStack(WEB, "Web");
const BUCKET = "flights-site";
let world: PlatformUnderTest;
let spa: { id: string; domain: string };
let unsigned: { id: string; domain: string };

function distributionConfig(originAccessControl: boolean): Record<string, unknown> {
  return {
    DistributionConfig: {
      Enabled: true,
      DefaultRootObject: "index.html",
      Origins: [
        {
          Id: "site",
          DomainName: `${BUCKET}.s3.eu-central-1.amazonaws.com`,
          S3OriginConfig: { OriginAccessIdentity: "" },
          ...(originAccessControl ? { OriginAccessControlId: "E1OAC" } : {}),
        },
      ],
      DefaultCacheBehavior: { TargetOriginId: "site", ViewerProtocolPolicy: "redirect-to-https" },
      CustomErrorResponses: [
        { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: "/index.html" },
        { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: "/index.html" },
      ],
    },
  };
}

const get = (host: string, url: string, method = "GET", protocol: "http" | "https" = "https") => {
  const request: LocalRequest = {
    method,
    url,
    headers: { host: [host] },
    body: Buffer.alloc(0),
    source: { sourceIp: "203.0.113.9", via: ["internet"] },
    protocol,
  };
  const door = world.platform.frontDoors.publicDoorFor(host);
  if (door === undefined) throw new Error(`no public door for ${host}`);
  return door.handler(request);
};

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, s3Plugin, cloudFrontPlugin], [web]);
  await world.create(web, "Site", "AWS::S3::Bucket", { BucketName: BUCKET });
  const created = await world.create(web, "Spa", "AWS::CloudFront::Distribution", distributionConfig(true));
  spa = { id: created.ref, domain: String(created.attributes?.DomainName) };
  const other = await world.create(
    web,
    "Unsigned",
    "AWS::CloudFront::Distribution",
    distributionConfig(false),
  );
  unsigned = { id: other.ref, domain: String(other.attributes?.DomainName) };
  await world.create(web, "SitePolicy", "AWS::S3::BucketPolicy", {
    Bucket: BUCKET,
    PolicyDocument: {
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${BUCKET}/*`,
          Condition: {
            StringEquals: { "AWS:SourceArn": `arn:aws:cloudfront::${WEB}:distribution/${spa.id}` },
          },
        },
      ],
    },
  });
  const admin = {
    principal: { kind: "root" as const, account: WEB, arn: `arn:aws:iam::${WEB}:root` },
    account: WEB,
  };
  for (const [key, body, type] of [
    ["index.html", "<html>flights</html>", "text/html"],
    ["config.json", '{"bookingApiUrl":"https://x"}', "application/json"],
  ] as const) {
    await world.platform.aws.call({ caller: admin, region: "eu-central-1" }, "s3", "PutObject", {
      Bucket: BUCKET,
      Key: key,
      Body: body,
      ContentType: type,
    });
  }
  await world.ready();
});

afterAll(async () => {
  await world?.stop();
});

describe("CloudFront distributions over S3 with origin access control", () => {
  it("gives ids and domain names in CloudFront's formats", () => {
    expect(spa.id).toMatch(/^E[A-Z0-9]{13}$/);
    expect(spa.domain).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
  });

  it("serves the default root object and the bucket's objects with their content types", async () => {
    const root = await get(spa.domain, "/");
    expect(root.status).toBe(200);
    expect(String(root.body)).toBe("<html>flights</html>");
    expect(root.headers).toMatchObject({ "content-type": "text/html", "x-cache": "Miss from cloudfront" });
    const config = await get(spa.domain, "/config.json?v=1");
    expect(JSON.parse(String(config.body))).toEqual({ bookingApiUrl: "https://x" });
    expect(config.headers["content-type"]).toBe("application/json");
  });

  it("answers unknown paths with the SPA page through the custom error responses", async () => {
    const deep = await get(spa.domain, "/bookings/ABC12345");
    expect(deep.status).toBe(200);
    expect(String(deep.body)).toBe("<html>flights</html>");
  });

  it("is refused by the bucket policy without OAC, or for a distribution it does not name", async () => {
    // The unsigned distribution's origin request is anonymous: S3 answers 403, and its error response
    // page is fetched anonymously too, so the viewer gets S3's AccessDenied.
    const refused = await get(unsigned.domain, "/index.html");
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain("<Code>AccessDenied</Code>");
  });

  it("redirects HTTP to HTTPS and refuses methods the behaviour does not allow", async () => {
    const http = await get(spa.domain, "/index.html", "GET", "http");
    expect(http.status).toBe(301);
    expect(http.headers.location).toBe(`https://${spa.domain}/index.html`);
    const post = await get(spa.domain, "/index.html", "POST");
    expect(post.status).toBe(403);
    expect(String(post.body)).toContain("not configured to allow the HTTP request method");
  });
});
