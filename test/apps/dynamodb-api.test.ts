// A REST API → DynamoDB service integration with mapping templates (test/fixtures/apps/
// dynamodb-api-app.ts) on the real runtime: items written and read through templates, as the role API
// Gateway assumes, on the real engine; and the SNS integration, run by the local SNS (issue 10): the
// fixture's topic does not exist, and SNS's NotFound passes through the default integration response.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDynamoDbApiApp, ITEMS_API } from "../fixtures/apps/dynamodb-api-app.js";
import { FIXTURE_ENV } from "../fixtures/apps/synth-fixture.js";
import { curl, jsonOf } from "../support/curl.js";
import { type FixtureRuntime, runFixture } from "./fixture-runtime.js";

let fixture: FixtureRuntime;
let base: string;

beforeAll(async () => {
  fixture = await runFixture("dynamodb-api", buildDynamoDbApiApp);
  base = fixture.restApi(ITEMS_API.apiName).stages.prod?.local ?? "";
}, 120_000);
afterAll(async () => {
  await fixture?.stop();
});

const post = (body: unknown, contentType = "application/json") =>
  fetch(`${base}items`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: JSON.stringify(body),
  });

describe("REST API → DynamoDB with mapping templates", () => {
  it("writes an item through PutItem's request template, answering 201 with the response template and Location", async () => {
    const response = await post({ name: "Ana's lamp", tags: ["blue", "new"] });
    expect([response.status, response.headers.get("location")]).toEqual([201, "/items"]);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The item is really in the account's table: read it with the AWS SDK as the account's administrator.
    const admin = fixture.system.endpoints.accounts[FIXTURE_ENV.account];
    const client = new DynamoDBClient({
      endpoint: fixture.system.endpoints.aws,
      region: FIXTURE_ENV.region,
      credentials: { accessKeyId: admin?.accessKeyId ?? "", secretAccessKey: admin?.secretAccessKey ?? "" },
    });
    const stored = await client.send(
      new GetItemCommand({ TableName: ITEMS_API.table, Key: { id: { S: id } } }),
    );
    expect(stored.Item?.name).toEqual({ S: "Ana's lamp" });
    client.destroy();
    const read = await fetch(`${base}items/${id}`);
    expect([read.status, await read.json()]).toEqual([
      200,
      { id, name: "Ana's lamp", tags: ["blue", "new"] },
    ]);
  });

  it("lists items through Scan's #foreach response template", async () => {
    await post({ name: "second", tags: ["x"] });
    const response = await fetch(`${base}items`);
    const list = (await response.json()) as { count: number; items: { id: string }[] };
    expect(response.status).toBe(200);
    expect(list.count).toBeGreaterThanOrEqual(2);
    expect(list.items).toHaveLength(list.count);
  });

  it("answers 404 from the response template for an unknown id", async () => {
    const response = await fetch(`${base}items/nope`);
    expect([response.status, await response.json()]).toEqual([404, { message: "no item nope" }]);
  });

  it("maps DynamoDB's own 400 through the 4xx integration response (a malformed string set)", async () => {
    const response = await post({ name: "no tags", tags: [] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { type: string }).type).toBe(
      "com.amazon.coral.validate#ValidationException",
    );
  });

  it("refuses a Content-Type without a template (passthrough NEVER) with 415", async () => {
    const response = await fetch(`${base}items`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect([response.status, await response.text()]).toEqual([415, '{"message": "Unsupported Media Type"}']);
  });

  it("answers through the entry point outside every VPC too, with the local CA's certificate", async () => {
    const api = fixture.restApi(ITEMS_API.apiName);
    const result = await curl(
      ["--cacert", fixture.system.endpoints.caFile ?? "", `${api.stages.prod?.url}items/nope`],
      {
        proxy: fixture.system.endpoints.internet,
      },
    );
    expect([result.status, jsonOf(result)]).toEqual([404, { message: "no item nope" }]);
  });

  it("calls SNS for the SNS integration: a missing topic is SNS's NotFound, through the default integration response", async () => {
    const apiGateway = fixture.system.unsupported.filter((f) => f.name.includes("ApiGateway"));
    expect(apiGateway.map((f) => [f.name, f.where])).toEqual([]);
    const response = await fetch(`${base}notify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    // The integration response has no selection pattern: it takes every answer, SNS's error included.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ __type: "NotFound", message: "Topic does not exist" });
  });
});
