// API keys and usage plans in the shape CDK writes them (`apiKeyRequired`, `api.addApiKey`,
// `api.addUsagePlan({ throttle, quota })`, `plan.addApiKey`): which keys a method accepts, what
// reaches the function, and the plan's throttle and quota answers (429).
import { describe, expect, inject, it } from "vitest";
import {
  executeApiHost,
  lambdaProxy,
  publicRequest,
  TEST_ACCOUNT,
  TEST_REGION,
} from "../rest-api.test-support.js";
import { text } from "./front-door.test-support.js";
import { integrationUnderTest, method, ROOT, restApi } from "./service-integration.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`;

function keyedApi(plan: Record<string, unknown> = {}) {
  return restApi({
    ...method("Items", ROOT, "items", "GET", lambdaProxy(FUNCTION), { ApiKeyRequired: true }),
    ...method("Open", ROOT, "open", "GET", lambdaProxy(FUNCTION)),
    Key: {
      Type: "AWS::ApiGateway::ApiKey",
      Properties: { Name: "partner", Value: "partner-key-0123456789", Enabled: true },
    },
    Generated: { Type: "AWS::ApiGateway::ApiKey", Properties: { Enabled: true } },
    Disabled: {
      Type: "AWS::ApiGateway::ApiKey",
      Properties: { Value: "disabled-key-0123456789", Enabled: false },
    },
    Unplanned: { Type: "AWS::ApiGateway::ApiKey", Properties: { Value: "unplanned-key-012345678" } },
    Plan: {
      Type: "AWS::ApiGateway::UsagePlan",
      Properties: { ApiStages: [{ ApiId: { Ref: "Api" }, Stage: "prod" }], ...plan },
    },
    PlanKey: {
      Type: "AWS::ApiGateway::UsagePlanKey",
      Properties: { KeyId: { Ref: "Key" }, KeyType: "API_KEY", UsagePlanId: { Ref: "Plan" } },
    },
    PlanKey2: {
      Type: "AWS::ApiGateway::UsagePlanKey",
      Properties: { KeyId: { Ref: "Generated" }, KeyType: "API_KEY", UsagePlanId: { Ref: "Plan" } },
    },
    PlanKey3: {
      Type: "AWS::ApiGateway::UsagePlanKey",
      Properties: { KeyId: { Ref: "Disabled" }, KeyType: "API_KEY", UsagePlanId: { Ref: "Plan" } },
    },
  });
}

async function underTest(plan: Record<string, unknown> = {}) {
  let now = Date.UTC(2024, 2, 5, 10, 0, 0);
  const api = await integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources: keyedApi(plan),
    handler: (event) => ({
      statusCode: 200,
      body: JSON.stringify((event.requestContext as { identity: unknown }).identity),
    }),
    clock: () => new Date(now),
  });
  const get = (url: string, key?: string) =>
    api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), url, {
        headers: key === undefined ? {} : { "x-api-key": key },
      }),
    );
  return { api, get, advance: (ms: number) => (now += ms) };
}

const FORBIDDEN = [403, '{"message":"Forbidden"}', "ForbiddenException"];

describe("methods that require an API key", () => {
  it("answer 403 Forbidden without a key, with an unknown one, a disabled one, or one of no plan of this stage", async () => {
    const { api, get } = await underTest();
    for (const key of [undefined, "nope", "disabled-key-0123456789", "unplanned-key-012345678"]) {
      const response = await get("/prod/items", key);
      expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual(FORBIDDEN);
    }
    expect(api.lambda.events).toEqual([]);
  });

  it("pass a key of the stage's usage plan on, with apiKey and apiKeyId in the identity", async () => {
    const { api, get } = await underTest();
    const response = await get("/prod/items", "partner-key-0123456789");
    expect(response.status).toBe(200);
    expect(JSON.parse(text(response.body))).toMatchObject({
      apiKey: "partner-key-0123456789",
      apiKeyId: api.refs.get("Key"),
    });
    expect((await get("/prod/open")).status).toBe(200);
  });

  it("accept a generated key: 40 characters, the same on every build", async () => {
    const first = await underTest();
    const second = await underTest();
    const id = first.api.refs.get("Generated") ?? "";
    const value = first.api.state.apiKeys.get(id)?.value ?? "";
    expect(value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(second.api.state.apiKeys.get(second.api.refs.get("Generated") ?? "")?.value).toBe(value);
    expect((await first.get("/prod/items", value)).status).toBe(200);
  });
});

describe("usage plan limits", () => {
  it("throttle a key past its burst with 429 Too Many Requests, and refill at the rate limit", async () => {
    const { get, advance } = await underTest({ Throttle: { BurstLimit: 2, RateLimit: 1 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get("/prod/items", "partner-key-0123456789")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const throttled = await get("/prod/items", "partner-key-0123456789");
    expect([text(throttled.body), throttled.headers["x-amzn-errortype"]]).toEqual([
      '{"message":"Too Many Requests"}',
      "TooManyRequestsException",
    ]);
    advance(1000);
    expect((await get("/prod/items", "partner-key-0123456789")).status).toBe(200);
  });

  it("throttle per method when the plan's stage lists the method", async () => {
    const { get } = await underTest({
      ApiStages: [
        {
          ApiId: { Ref: "Api" },
          Stage: "prod",
          Throttle: { "/items/GET": { BurstLimit: 1, RateLimit: 0.001 } },
        },
      ],
    });
    expect((await get("/prod/items", "partner-key-0123456789")).status).toBe(200);
    expect((await get("/prod/items", "partner-key-0123456789")).status).toBe(429);
  });

  it("answer 429 Limit Exceeded once the quota of the period is used, and count again the next period", async () => {
    const { get, advance } = await underTest({ Quota: { Limit: 2, Period: "DAY" } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get("/prod/items", "partner-key-0123456789")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const spent = await get("/prod/items", "partner-key-0123456789");
    expect([text(spent.body), spent.headers["x-amzn-errortype"]]).toEqual([
      '{"message":"Limit Exceeded"}',
      "LimitExceededException",
    ]);
    advance(24 * 3600 * 1000);
    expect((await get("/prod/items", "partner-key-0123456789")).status).toBe(200);
  });
});
