// The API key step on its own, over usage plans and keys built by the real providers: which key a
// method meters (x-api-key or the authorizer's usageIdentifierKey), which plans count (this account,
// region, API and stage), per-key and per-method throttle buckets, and what the execution log says.
// AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
// and https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
import { describe, expect, it } from "vitest";
import {
  buildApi,
  executeApiHost,
  lambdaProxy,
  publicRequest,
  TEST_ACCOUNT,
  TEST_REGION,
  type TemplateResource,
  testStack,
} from "../rest-api.test-support.js";
import { ApiKeyMeter } from "./api-key-meter.js";
import { GatewayError } from "./gateway-error.js";
import { routeRequest } from "./route-request.js";
import { method, ROOT, restApi } from "./service-integration.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`;
const KEY = "partner-key-0123456789";
const OTHER_KEY = "second-key-01234567890";
const T0 = Date.UTC(2024, 2, 5, 10, 0, 0);

const keyed = { ApiKeyRequired: true };

function apiKey(name: string, value: string): TemplateResource {
  return { Type: "AWS::ApiGateway::ApiKey", Properties: { Name: name, Value: value, Enabled: true } };
}

function planKey(key: string, plan: string): TemplateResource {
  return {
    Type: "AWS::ApiGateway::UsagePlanKey",
    Properties: { KeyId: { Ref: key }, KeyType: "API_KEY", UsagePlanId: { Ref: plan } },
  };
}

/** `GET /`, `GET /items`, `POST /items` (all requiring a key) on stages prod and test, and one plan. */
async function meterUnderTest(plan: Record<string, unknown> = {}, api: Record<string, unknown> = {}) {
  const built = await buildApi({
    ...restApi(
      {
        RootGet: {
          Type: "AWS::ApiGateway::Method",
          Properties: {
            RestApiId: { Ref: "Api" },
            ResourceId: ROOT,
            HttpMethod: "GET",
            AuthorizationType: "NONE",
            Integration: lambdaProxy(FUNCTION),
            ...keyed,
          },
        },
        ...method("Items", ROOT, "items", "GET", lambdaProxy(FUNCTION), keyed),
        ItemsPost: {
          Type: "AWS::ApiGateway::Method",
          Properties: {
            RestApiId: { Ref: "Api" },
            ResourceId: { Ref: "ItemsResource" },
            HttpMethod: "POST",
            AuthorizationType: "NONE",
            Integration: lambdaProxy(FUNCTION),
            ...keyed,
          },
        },
      },
      api,
    ),
    TestStage: {
      Type: "AWS::ApiGateway::Stage",
      Properties: { RestApiId: { Ref: "Api" }, StageName: "test", DeploymentId: { Ref: "Deployment" } },
    },
    Key: apiKey("partner", KEY),
    Second: apiKey("second", OTHER_KEY),
    Plan: {
      Type: "AWS::ApiGateway::UsagePlan",
      Properties: { UsagePlanName: "gold", ApiStages: [{ ApiId: { Ref: "Api" }, Stage: "prod" }], ...plan },
    },
    PlanKey: planKey("Key", "Plan"),
    PlanSecond: planKey("Second", "Plan"),
  });
  const restApiOf = built.state.restApi(built.apiId);
  if (restApiOf === undefined) throw new Error("no API built");
  const meter = new ApiKeyMeter(built.state);
  let now = T0;
  const call = (
    httpMethod: string,
    path: string,
    options: { key?: string | readonly string[]; stage?: string; usageIdentifierKey?: string } = {},
  ) => {
    const stageName = options.stage ?? "prod";
    const stage = restApiOf.stages.get(stageName);
    const route = routeRequest(restApiOf, httpMethod, path);
    if (stage === undefined || route === undefined) throw new Error(`no ${stageName} ${httpMethod} ${path}`);
    return meter.meter({
      target: {
        api: restApiOf,
        stage,
        apiPath: path,
        eventPath: path,
        contextPath: `/${stageName}${path}`,
        domainName: executeApiHost(built.apiId),
      },
      route,
      request: publicRequest(executeApiHost(built.apiId), `/${stageName}${path}`, {
        method: httpMethod,
        headers: options.key === undefined ? {} : { "x-api-key": options.key },
      }),
      now: new Date(now),
      ...(options.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: options.usageIdentifierKey }),
    });
  };
  /** The status a call ends with: 200, or the gateway error's response type. */
  const status = (...args: Parameters<typeof call>): string => {
    try {
      call(...args);
      return "OK";
    } catch (error) {
      if (error instanceof GatewayError) return error.responseType;
      throw error;
    }
  };
  const keyIdOf = (logicalId: string) => built.refs.get(logicalId);
  return { built, call, status, keyIdOf, advance: (ms: number) => (now += ms) };
}

function refusal(run: () => unknown): [string, string | undefined] {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return [error.responseType, error.logMessage];
    throw error;
  }
  throw new Error("the call was not refused");
}

describe("ApiKeyMeter: the key of the request", () => {
  it("refuses a missing or empty x-api-key with 403, the log saying the request has none", async () => {
    const { call } = await meterUnderTest();
    const none = "GET /items requires an API key and the request has none";
    expect(refusal(() => call("GET", "/items"))).toEqual(["INVALID_API_KEY", none]);
    expect(refusal(() => call("GET", "/items", { key: "" }))).toEqual(["INVALID_API_KEY", none]);
  });

  it("refuses a value no plan of the stage holds, the log naming the API and stage", async () => {
    const { call, built } = await meterUnderTest();
    expect(refusal(() => call("GET", "/items", { key: "unknown-key-0123456789" }))).toEqual([
      "INVALID_API_KEY",
      `no enabled API key of a usage plan of ${built.apiId}/prod has the value sent`,
    ]);
  });

  it("meters the key of a plan, the last x-api-key when repeated", async () => {
    const { call, keyIdOf } = await meterUnderTest();
    expect(call("GET", "/items", { key: ["nope", KEY] })).toEqual({ id: keyIdOf("Key"), value: KEY });
  });

  it("with ApiKeySourceType AUTHORIZER takes the authorizer's usageIdentifierKey, not x-api-key", async () => {
    // Usage plans guide, "Choose an API key source": AUTHORIZER reads the key from the Lambda
    // authorizer's usageIdentifierKey.
    const { call, keyIdOf } = await meterUnderTest({}, { ApiKeySourceType: "AUTHORIZER" });
    expect(refusal(() => call("GET", "/items", { key: KEY }))).toEqual([
      "INVALID_API_KEY",
      "GET /items requires an API key and the request has none",
    ]);
    expect(call("GET", "/items", { usageIdentifierKey: KEY })?.id).toBe(keyIdOf("Key"));
  });
});

describe("ApiKeyMeter: which usage plans count", () => {
  it("counts a plan listing this API stage among others, not a plan of another API or stage", async () => {
    const { status } = await meterUnderTest({
      ApiStages: [
        { ApiId: "otherapi01", Stage: "prod" },
        { ApiId: { Ref: "Api" }, Stage: "test" },
      ],
    });
    expect(status("GET", "/items", { key: KEY })).toBe("INVALID_API_KEY");
    expect(status("GET", "/items", { key: KEY, stage: "test" })).toBe("OK");
  });

  it("ignores plans of another account or region naming this API stage and holding the value", async () => {
    const { built, status } = await meterUnderTest({ ApiStages: [] });
    // Usage plans and API keys belong to an account and a region: a plan of another account or
    // region never admits a caller of this API.
    for (const stack of [testStack("111122223333", TEST_REGION), testStack(TEST_ACCOUNT, "us-east-1")]) {
      await buildApi(
        {
          Foreign: apiKey("foreign", KEY),
          ForeignPlan: {
            Type: "AWS::ApiGateway::UsagePlan",
            Properties: { ApiStages: [{ ApiId: built.apiId, Stage: "prod" }] },
          },
          ForeignPlanKey: planKey("Foreign", "ForeignPlan"),
        },
        { state: built.state, stack },
      );
    }
    expect(built.state.usagePlans.size).toBe(3);
    expect(status("GET", "/items", { key: KEY })).toBe("INVALID_API_KEY");
  });
});

describe("ApiKeyMeter: throttling", () => {
  it("throttles each key in its own bucket, the log naming plan, key and limits", async () => {
    const { call, status, keyIdOf } = await meterUnderTest({ Throttle: { BurstLimit: 1, RateLimit: 1 } });
    expect(status("GET", "/items", { key: KEY })).toBe("OK");
    expect(refusal(() => call("GET", "/items", { key: KEY }))).toEqual([
      "THROTTLED",
      `usage plan gold: key ${keyIdOf("Key")} exceeds 1 requests/s (burst 1)`,
    ]);
    // "Usage plan throttling and quotas ... are applied per API key" (throttling guide).
    expect(status("GET", "/items", { key: OTHER_KEY })).toBe("OK");
  });

  it("shares the plan's bucket across the methods of the stage", async () => {
    const { status } = await meterUnderTest({ Throttle: { BurstLimit: 1, RateLimit: 1 } });
    expect([status("GET", "/items", { key: KEY }), status("POST", "/items", { key: KEY })]).toEqual([
      "OK",
      "THROTTLED",
    ]);
  });

  it("gives a method listed in the plan's stage its own bucket, apart from the plan's", async () => {
    const { status } = await meterUnderTest({
      Throttle: { BurstLimit: 1, RateLimit: 0.001 },
      ApiStages: [
        {
          ApiId: { Ref: "Api" },
          Stage: "prod",
          Throttle: { "/items/GET": { BurstLimit: 2, RateLimit: 0.001 } },
        },
      ],
    });
    expect(status("POST", "/items", { key: KEY })).toBe("OK");
    expect(status("POST", "/items", { key: KEY })).toBe("THROTTLED");
    expect([status("GET", "/items", { key: KEY }), status("GET", "/items", { key: KEY })]).toEqual([
      "OK",
      "OK",
    ]);
    expect(status("GET", "/items", { key: KEY })).toBe("THROTTLED");
  });

  it("finds the root method's limits as CDK writes them (`//GET`) or as `/GET`", async () => {
    // CDK's UsagePlan names a method `${resource.path}/${httpMethod}`: `//GET` for the root.
    for (const name of ["//GET", "/GET"]) {
      const { status } = await meterUnderTest({
        Throttle: { BurstLimit: 5, RateLimit: 1 },
        ApiStages: [
          { ApiId: { Ref: "Api" }, Stage: "prod", Throttle: { [name]: { BurstLimit: 1, RateLimit: 1 } } },
        ],
      });
      expect([status("GET", "/", { key: KEY }), status("GET", "/", { key: KEY })]).toEqual([
        "OK",
        "THROTTLED",
      ]);
    }
  });

  it("takes the method limits of the plan's entry for this API stage only", async () => {
    const perMethod = { "/items/GET": { BurstLimit: 1, RateLimit: 0.001 } };
    const { status } = await meterUnderTest({
      ApiStages: [
        { ApiId: "otherapi01", Stage: "prod", Throttle: perMethod },
        { ApiId: { Ref: "Api" }, Stage: "test", Throttle: perMethod },
        { ApiId: { Ref: "Api" }, Stage: "prod" },
      ],
    });
    expect([status("GET", "/items", { key: KEY }), status("GET", "/items", { key: KEY })]).toEqual([
      "OK",
      "OK",
    ]);
  });

  it("refills the bucket at RateLimit requests per second", async () => {
    const { status, advance } = await meterUnderTest({ Throttle: { BurstLimit: 2, RateLimit: 2 } });
    expect([status("GET", "/items", { key: KEY }), status("GET", "/items", { key: KEY })]).toEqual([
      "OK",
      "OK",
    ]);
    advance(500);
    expect([status("GET", "/items", { key: KEY }), status("GET", "/items", { key: KEY })]).toEqual([
      "OK",
      "THROTTLED",
    ]);
  });

  it("enforces a throttle that sets only one of BurstLimit and RateLimit", async () => {
    for (const throttle of [{ BurstLimit: 1 }, { RateLimit: 1 }]) {
      const { status } = await meterUnderTest({ Throttle: throttle });
      expect([status("GET", "/items", { key: KEY }), status("GET", "/items", { key: KEY })]).toEqual([
        "OK",
        "THROTTLED",
      ]);
    }
  });

  it("lets every request through a throttle without limits", async () => {
    const { status } = await meterUnderTest({ Throttle: {} });
    for (let i = 0; i < 5; i++) expect(status("GET", "/items", { key: KEY })).toBe("OK");
  });
});

describe("ApiKeyMeter: quota", () => {
  it("answers QUOTA_EXCEEDED once the key used its limit, the log naming plan, key and period", async () => {
    const { call, status, keyIdOf } = await meterUnderTest({ Quota: { Limit: 1, Period: "WEEK" } });
    expect(status("GET", "/items", { key: KEY })).toBe("OK");
    expect(refusal(() => call("GET", "/items", { key: KEY }))).toEqual([
      "QUOTA_EXCEEDED",
      `usage plan gold: key ${keyIdOf("Key")} used its 1 requests of this WEEK`,
    ]);
    expect(status("GET", "/items", { key: OTHER_KEY })).toBe("OK");
  });
});
