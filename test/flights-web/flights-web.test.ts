// The flights web stack, synthesized with the app built by Vite, on the real runtime: the page, its
// assets and its config.json come from the private bucket through CloudFront (origin access control
// decided by the bucket policy), config.json carries the API URL resolved from another account's
// stack, and nobody reaches the bucket directly.
import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl } from "../support/curl.js";
import { FLIGHTS_WEB } from "./flights-web-app.js";
import { type FlightsWebFixture, startFlightsWeb } from "./flights-web-runtime.js";

let fixture: FlightsWebFixture;
// biome-ignore lint/suspicious/noExplicitAny: template JSON walked by tests
type Json = Record<string, any>;

beforeAll(async () => {
  fixture = await startFlightsWeb();
}, 240_000);
afterAll(async () => {
  await fixture?.stop();
});

const template = (stack: string): Json => fixture.assembly.getStackByName(stack).template as Json;
const resources = (stack: string, type: string): Json[] =>
  Object.values(template(stack).Resources as Json).filter((r: Json) => r.Type === type);

describe("the flights web stack (private bucket, CloudFront with OAC, BucketDeployment)", () => {
  it("keeps the bucket private: Block Public Access, no ACLs, only this distribution may read", () => {
    const [bucket] = resources(FLIGHTS_WEB.webStack, "AWS::S3::Bucket");
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.Properties.AccessControl).toBeUndefined();
    const [policy] = resources(FLIGHTS_WEB.webStack, "AWS::S3::BucketPolicy");
    const allows = policy?.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals["AWS:SourceArn"])).toContain("Distribution");
  });

  it("writes config.json from the API stack's output by weak reference, never a copied value", () => {
    const [deployment] = resources(FLIGHTS_WEB.webStack, "Custom::CDKBucketDeployment");
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    expect(markers).toContain('"Fn::GetStackOutput"');
    expect(markers).toContain(`"StackName":"${FLIGHTS_WEB.apiStack}"`);
    expect(markers).not.toMatch(/execute-api\.[a-z0-9-]+\.amazonaws/);
  });

  it("serves the built page, its script and its images through CloudFront without a proxy", async () => {
    const page = await fetch(fixture.site.local);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html");
    const html = await page.text();
    expect(html).toContain("<flights-app></flights-app>");
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(script ?? "", fixture.site.local));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript");
    for (const code of ["del", "mel", "syd", "sfo", "jfk", "lax"]) {
      const image = await fetch(new URL(`/img/${code}.svg`, fixture.site.local));
      expect([code, image.status, image.headers.get("content-type")]).toEqual([code, 200, "image/svg+xml"]);
    }
  });

  it("serves config.json with the booking and airmiles API URLs resolved at deploy time", async () => {
    const config = await (await fetch(new URL("/config.json", fixture.site.local))).json();
    expect(fixture.apiUrl).toMatch(/^https:\/\/[a-z0-9]+\.execute-api\.eu-west-1\.amazonaws\.com\/Prod\/$/);
    expect(config).toEqual({ bookingApiUrl: fixture.apiUrl, airmilesApiUrl: fixture.apiUrl });
  });

  it("answers the app's own routes with the page (SPA error responses)", async () => {
    const deep = await fetch(new URL("/bookings/ABCD1234", fixture.site.local));
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("<flights-app>");
  });

  it("answers at https://<d>.cloudfront.net through the entry point outside every VPC, with the local CA", async () => {
    const result = await curl(["--cacert", fixture.system.endpoints.caFile ?? "", fixture.site.url], {
      proxy: fixture.system.endpoints.internet,
    });
    expect([result.exitCode, result.status]).toEqual([0, 200]);
    expect(result.headers.via).toContain("CloudFront");
  });

  it("redirects plain HTTP on port 80 to HTTPS, as the viewer protocol policy says", async () => {
    const result = await curl([fixture.site.url.replace("https://", "http://")], {
      proxy: fixture.system.endpoints.internet,
    });
    expect([result.exitCode, result.status]).toEqual([0, 301]);
    expect(result.headers.location).toBe(fixture.site.url);
  });

  it("refuses the bucket to anyone but CloudFront: another account's administrator gets AccessDenied", async () => {
    const bucket = Object.keys(fixture.system.endpoints.buckets ?? {})[0]?.split("/")[1] ?? "";
    const s3 = new S3Client({
      region: FLIGHTS_WEB.region,
      endpoint: fixture.system.endpoints.aws,
      forcePathStyle: true,
      credentials: { ...(fixture.system.endpoints.accounts[FLIGHTS_WEB.apiAccount] as Json) } as never,
    });
    const error = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "index.html" })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe("AccessDenied");
  });
});
