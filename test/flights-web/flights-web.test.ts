// The flights web stack of the real flights system (the project's cdk.out, the app built by Vite at
// synth) on the runtime beside the booking and airmiles stacks: the page, its assets and its
// config.json come from the private bucket through CloudFront (origin access control decided by the
// bucket policy), config.json carries both APIs' stage URLs resolved from the other accounts' stacks,
// and nobody reaches the bucket directly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl } from "../support/curl.js";
import {
  FLIGHTS_ACCOUNTS,
  FLIGHTS_WEB_STACK,
  type FlightsSystem,
  REGION,
  startFlightsSystem,
} from "../support/flights-system.js";
import { ASSEMBLY_DIR } from "../support/orders-system.js";

let flights: FlightsSystem;
// biome-ignore lint/suspicious/noExplicitAny: template JSON walked by tests
type Json = Record<string, any>;

beforeAll(async () => {
  flights = await startFlightsSystem();
}, 240_000);
afterAll(async () => {
  await flights?.stop();
});

const template = (): Json =>
  JSON.parse(readFileSync(join(ASSEMBLY_DIR, `${FLIGHTS_WEB_STACK}.template.json`), "utf8")) as Json;
const resources = (type: string): Json[] =>
  Object.values(template().Resources as Json).filter((r: Json) => r.Type === type);
const stageUrl = (api: string) => `${api}/Prod/`;

describe("the flights web stack (private bucket, CloudFront with OAC, BucketDeployment)", () => {
  it("keeps the bucket private: Block Public Access, no ACLs, only this distribution may read", () => {
    const [bucket] = resources("AWS::S3::Bucket");
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.Properties.AccessControl).toBeUndefined();
    const [policy] = resources("AWS::S3::BucketPolicy");
    const allows = policy?.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals["AWS:SourceArn"])).toContain("Distribution");
  });

  it("writes config.json from both API stacks' outputs by weak reference, never a copied value", () => {
    const [deployment] = resources("Custom::CDKBucketDeployment");
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    expect(markers).toContain('"Fn::GetStackOutput"');
    expect(markers).toContain('"StackName":"FlightsBooking"');
    expect(markers).toContain('"StackName":"FlightsAirmiles"');
    expect(markers).not.toMatch(/execute-api\.[a-z0-9-]+\.amazonaws/);
  });

  it("serves the built page, its script and its images through CloudFront without a proxy", async () => {
    const page = await fetch(flights.site.local);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html");
    const html = await page.text();
    expect(html).toContain("<flights-app></flights-app>");
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(script ?? "", flights.site.local));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript");
    for (const code of ["del", "mel", "syd", "sfo", "jfk", "lax"]) {
      const image = await fetch(new URL(`/img/${code}.svg`, flights.site.local));
      expect([code, image.status, image.headers.get("content-type")]).toEqual([code, 200, "image/svg+xml"]);
    }
  });

  it("serves config.json with the booking and airmiles APIs' stage URLs, resolved at deploy time", async () => {
    const config = await (await fetch(new URL("/config.json", flights.site.local))).json();
    expect(flights.bookingApi).toMatch(/^https:\/\/[a-z0-9]+\.execute-api\.eu-central-1\.amazonaws\.com$/);
    expect(flights.airmilesApi).toMatch(/^https:\/\/[a-z0-9]+\.execute-api\.eu-central-1\.amazonaws\.com$/);
    expect(flights.airmilesApi).not.toBe(flights.bookingApi);
    expect(config).toEqual({
      bookingApiUrl: stageUrl(flights.bookingApi),
      airmilesApiUrl: stageUrl(flights.airmilesApi),
    });
  });

  it("answers the app's own routes with the page (SPA error responses)", async () => {
    const deep = await fetch(new URL("/bookings/ABCD1234", flights.site.local));
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("<flights-app>");
  });

  it("answers at https://<d>.cloudfront.net through the entry point outside every VPC, with the local CA", async () => {
    expect(flights.site.url).toMatch(/^https:\/\/d[a-z0-9]{13}\.cloudfront\.net\/$/);
    const result = await curl(["--cacert", flights.endpoints.caFile ?? "", flights.site.url], {
      proxy: flights.internet,
    });
    expect([result.exitCode, result.status]).toEqual([0, 200]);
    expect(result.headers.via).toContain("CloudFront");
  });

  it("redirects plain HTTP on port 80 to HTTPS, as the viewer protocol policy says", async () => {
    const result = await curl([flights.site.url.replace("https://", "http://")], { proxy: flights.internet });
    expect([result.exitCode, result.status]).toEqual([0, 301]);
    expect(result.headers.location).toBe(flights.site.url);
  });

  it("refuses the bucket to anyone but CloudFront: another account's administrator gets AccessDenied", async () => {
    const bucket = Object.keys(flights.endpoints.buckets ?? {})
      .find((key) => key.startsWith(`${FLIGHTS_ACCOUNTS.web}/`))
      ?.split("/")[1];
    expect(bucket).toBeDefined();
    const s3 = new S3Client({
      region: REGION,
      endpoint: flights.endpoints.aws,
      forcePathStyle: true,
      credentials: flights.admin(FLIGHTS_ACCOUNTS.booking),
    });
    const error = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "index.html" })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe("AccessDenied");
  });
});
