// What a Lambda authorizer's function answers and how API Gateway takes it ("Output from an API
// Gateway Lambda authorizer",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html):
// principalId and policyDocument are required, context values are strings, numbers or booleans (never
// objects or arrays), usageIdentifierKey names the API key of a usage plan; an unusable answer or a
// failing function is 500 AuthorizerConfigurationException, the error "Unauthorized" is 401.
import { describe, expect, it } from "vitest";
import { text } from "./front-door.test-support.js";
import { answer, authorizerUnderTest, type Event, fn } from "./lambda-authorizer.test-support.js";
import { API_GATEWAY_TRUST, roleArn } from "./service-integration.test-support.js";

const TOKEN = {
  Type: "TOKEN",
  IdentitySource: "method.request.header.Authorization",
  AuthorizerResultTtlInSeconds: 0,
};
const CONFIGURATION_ERROR = [500, '{"message":null}', "AuthorizerConfigurationException"];
const INVALID =
  "AUTHORIZER_CONFIGURATION_ERROR 500: Execution failed due to configuration error: Invalid JSON in response from authorizer auth:";

/** The status, body and error type of a request with token `allow`, and the execution log's last line. */
async function outcome(respond: (event: Event) => unknown) {
  const { get, lastLog, calls } = await authorizerUnderTest({ authorizer: TOKEN, answer: respond });
  const response = await get("/prod/items", { authorization: "allow" });
  return {
    response: [response.status, text(response.body), response.headers["x-amzn-errortype"]],
    body: text(response.body),
    log: lastLog(),
    calls,
  };
}

describe("the authorizer's answer", () => {
  it("needs a principalId: missing or null is 500 AuthorizerConfigurationException", async () => {
    for (const principalId of [undefined, null]) {
      const { response, log } = await outcome((event) => answer(event, { principalId }));
      expect(response).toEqual(CONFIGURATION_ERROR);
      expect(log).toBe(`${INVALID} no principalId`);
    }
  });

  it("needs a policyDocument with statements: missing, null or without Statement is 500", async () => {
    for (const policyDocument of [undefined, null, "Allow", { Version: "2012-10-17" }]) {
      const { response, log } = await outcome((event) => answer(event, { policyDocument }));
      expect(response).toEqual(CONFIGURATION_ERROR);
      expect(log).toBe(`${INVALID} no policyDocument`);
    }
  });

  it("takes a context map of strings, numbers and booleans (stringified), and none or null as no context", async () => {
    for (const [context, expected] of [
      [
        { tenant: "t1", level: 3, admin: false },
        { tenant: "t1", level: "3", admin: "false" },
      ],
      [undefined, {}],
      [null, {}],
    ] as const) {
      const { response, body } = await outcome((event) => answer(event, { context }));
      expect(response[0]).toBe(200);
      expect(JSON.parse(body).authorizer).toEqual({
        principalId: "user-1",
        ...expected,
        integrationLatency: 0,
      });
    }
  });

  it("refuses a context that is not a map, or whose values are objects or arrays (500)", async () => {
    for (const [context, why] of [
      ["tenant=t1", "context is not a map"],
      [["t1"], "context is not a map"],
      [{ roles: ["admin"] }, "context.roles is an object or an array"],
      [{ user: { id: 1 } }, "context.user is an object or an array"],
    ] as const) {
      const { response, log } = await outcome((event) => answer(event, { context }));
      expect(response).toEqual(CONFIGURATION_ERROR);
      expect(log).toBe(`${INVALID} ${why}`);
    }
  });

  it('answers 401 when the function fails with "Unauthorized", 500 with its error in the log otherwise', async () => {
    const nobody = await outcome(() => {
      throw new Error("Unauthorized");
    });
    expect(nobody.response).toEqual([401, '{"message":"Unauthorized"}', "UnauthorizedException"]);
    expect(nobody.log).toBe("UNAUTHORIZED 401: the authorizer auth answered Unauthorized");
    const failed = await outcome(() => {
      throw new Error("database down");
    });
    expect(failed.response).toEqual(CONFIGURATION_ERROR);
    expect(failed.log).toBe(
      "AUTHORIZER_CONFIGURATION_ERROR 500: Execution failed due to configuration error: Authorizer error: database down",
    );
  });
});

describe("invoking the authorizer function", () => {
  // "Use API Gateway Lambda authorizers": API Gateway needs permission to invoke the function — a
  // resource-based permission for apigateway.amazonaws.com, or the role of AuthorizerCredentials.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
  it("answers 500 when API Gateway may not invoke the function, without calling it", async () => {
    const { get, lastLog, calls } = await authorizerUnderTest({ authorizer: TOKEN, permitAuthorizer: false });
    const response = await get("/prod/items", { authorization: "allow" });
    expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual(
      CONFIGURATION_ERROR,
    );
    expect(lastLog()).toMatch(
      /^AUTHORIZER_CONFIGURATION_ERROR 500: Execution failed due to configuration error: Authorizer error: .+/,
    );
    expect(calls).toEqual([]);
  });

  it("invokes the function as the AuthorizerCredentials role, whose policy grants lambda:InvokeFunction", async () => {
    const credentials = { ...TOKEN, AuthorizerCredentials: roleArn("authorizer-invoker") };
    const { get, calls } = await authorizerUnderTest({
      authorizer: credentials,
      permitAuthorizer: false,
      roles: [
        {
          name: "authorizer-invoker",
          trust: API_GATEWAY_TRUST,
          policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fn("auth") }],
          },
        },
      ],
    });
    expect((await get("/prod/items", { authorization: "allow" })).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("answers 500 when API Gateway cannot assume the AuthorizerCredentials role", async () => {
    const missing = roleArn("no-such-role");
    const { get, lastLog, calls } = await authorizerUnderTest({
      authorizer: { ...TOKEN, AuthorizerCredentials: missing },
    });
    const response = await get("/prod/items", { authorization: "allow" });
    expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual(
      CONFIGURATION_ERROR,
    );
    expect(lastLog()).toBe(
      `AUTHORIZER_CONFIGURATION_ERROR 500: Execution failed due to configuration error: API Gateway does not have permission to assume the provided role ${missing} (no such role in the cloud assembly)`,
    );
    expect(calls).toEqual([]);
  });
});

describe("usageIdentifierKey", () => {
  // With ApiKeySourceType AUTHORIZER the authorizer returns the usage plan's API key as
  // usageIdentifierKey (api-gateway-lambda-authorizer-output.html; "Choose an API key source").
  it("meters the key the authorizer names when the API's key source is AUTHORIZER", async () => {
    const key = "partner-key-0123456789";
    let returned: unknown = key;
    const { get } = await authorizerUnderTest({
      authorizer: TOKEN,
      api: { ApiKeySourceType: "AUTHORIZER" },
      methodProperties: { ApiKeyRequired: true },
      answer: (event) => answer(event, returned === undefined ? {} : { usageIdentifierKey: returned }),
      resources: {
        Key: { Type: "AWS::ApiGateway::ApiKey", Properties: { Value: key, Enabled: true } },
        Plan: {
          Type: "AWS::ApiGateway::UsagePlan",
          Properties: { ApiStages: [{ ApiId: { Ref: "Api" }, Stage: "prod" }] },
        },
        PlanKey: {
          Type: "AWS::ApiGateway::UsagePlanKey",
          Properties: { KeyId: { Ref: "Key" }, KeyType: "API_KEY", UsagePlanId: { Ref: "Plan" } },
        },
      },
    });
    const metered = await get("/prod/items", { authorization: "allow" });
    expect(metered.status).toBe(200);
    expect(JSON.parse(text(metered.body)).identity.apiKey).toBe(key);
    returned = undefined;
    const keyless = await get("/prod/items", { authorization: "allow" });
    expect([keyless.status, text(keyless.body)]).toEqual([403, '{"message":"Forbidden"}']);
  });
});
