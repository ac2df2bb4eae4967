// A public REST API + function (test/fixtures/apps/public-api-app.ts) on the real runtime, reached as a
// user reaches it: curl through the entry point outside every VPC with the local CA, at the
// execute-api name and at the custom domain; and plain HTTP on the API's own loopback port, no proxy.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPublicApiApp, PUBLIC_API } from "../fixtures/apps/public-api-app.js";
import { curl, jsonOf } from "../support/curl.js";
import { type FixtureRuntime, runFixture } from "./fixture-runtime.js";

let fixture: FixtureRuntime;
let api: ReturnType<FixtureRuntime["restApi"]>;
let caFile: string;

beforeAll(async () => {
  fixture = await runFixture("public-api", buildPublicApiApp);
  api = fixture.restApi(PUBLIC_API.apiName);
  caFile = fixture.system.endpoints.caFile ?? "";
}, 120_000);
afterAll(async () => {
  await fixture?.stop();
});

describe("a public REST API + function, from outside every VPC", () => {
  it("answers at https://<id>.execute-api.<region>.amazonaws.com/<stage>/ through the internet entry point with a certificate of the local CA", async () => {
    expect(readFileSync(caFile, "utf8")).toContain("BEGIN CERTIFICATE");
    const result = await curl(["--cacert", caFile, `${api.stages.prod?.url}hello?q=a+b&email=x%2By`], {
      proxy: fixture.system.endpoints.internet,
    });
    expect([result.exitCode, result.connectStatus, result.status]).toEqual([0, 200, 200]);
    expect(jsonOf(result)).toMatchObject({
      resource: "/hello",
      path: "/hello",
      query: { q: "a b", email: "x+y" },
      proto: "https",
      host: `${api.id}.execute-api.eu-west-1.amazonaws.com`,
    });
  });

  it("answers at its custom domain's base path mapping, with the domain's own certificate", async () => {
    const result = await curl(["--cacert", caFile, `https://${PUBLIC_API.domain}/v1/hello`], {
      proxy: fixture.system.endpoints.internet,
    });
    expect([result.exitCode, result.status]).toEqual([0, 200]);
    expect(jsonOf(result)).toMatchObject({
      resource: "/hello",
      domainName: PUBLIC_API.domain,
      path: "/v1/hello",
    });
  });

  it("answers without any proxy at the plain local URL endpoints.json lists per stage", async () => {
    expect(api.local).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${api.stages.prod?.local}/things//x%2By?n=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      resource: "/{proxy+}",
      path: "/things//x%2By",
      pathParameters: { proxy: "things//x%2By" },
      query: { n: "1" },
      proto: "https",
      host: `${api.id}.execute-api.eu-west-1.amazonaws.com`,
    });
  });

  it("routes // after the stage as AWS does", async () => {
    const response = await fetch(`${api.local}/prod//hello`);
    expect([response.status, ((await response.json()) as { resource: string }).resource]).toEqual([
      200,
      "/hello",
    ]);
  });

  it("runs the TokenAuthorizer: 401 without the token, the authorizer's principal and context with it", async () => {
    const denied = await fetch(`${api.local}/prod/secure`);
    expect([denied.status, await denied.text()]).toEqual([401, '{"message":"Unauthorized"}']);
    const allowed = await fetch(`${api.local}/prod/secure`, { headers: { authorization: PUBLIC_API.token } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { authorizer: unknown }).authorizer).toMatchObject({
      principalId: "tester",
      team: "qa",
    });
  });

  it("meters the API key of its usage plan: 403 without it, the key in the identity with it", async () => {
    const denied = await fetch(`${api.local}/prod/metered`);
    expect([denied.status, await denied.text()]).toEqual([403, '{"message":"Forbidden"}']);
    const metered = await fetch(`${api.local}/prod/metered`, { headers: { "x-api-key": PUBLIC_API.apiKey } });
    expect([metered.status, ((await metered.json()) as { apiKey: unknown }).apiKey]).toEqual([
      200,
      PUBLIC_API.apiKey,
    ]);
  });

  it("honours everything in the template: API Gateway reports nothing for this app", () => {
    const reported = fixture.system.unsupported.filter((f) => f.name.includes("ApiGateway"));
    expect(reported).toEqual([]);
  });
});
