// Lambda authorizers in the shapes CDK writes (TokenAuthorizer, RequestAuthorizer): the answers AWS
// gives (401 Unauthorized, 403 with and without an explicit deny, 500 {"message":null}), the events
// the function receives, what reaches the integration, and the result cache — whose cached policy is
// evaluated against each request's method ARN (AWS knowledge center, "403 User is not authorized to
// access this resource" with caching activated).
import { describe, expect, inject, it } from "vitest";
import {
  executeApiHost,
  lambdaProxy,
  publicRequest,
  TEST_ACCOUNT,
  TEST_REGION,
} from "../rest-api.test-support.js";
import { permissionsFrom, text } from "./front-door.test-support.js";
import { integrationUnderTest, method, ROOT, restApi } from "./service-integration.test-support.js";

const fn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`;
const uri = (name: string) =>
  `arn:aws:apigateway:${TEST_REGION}:lambda:path/2015-03-31/functions/${fn(name)}/invocations`;
const DENIED = '{"Message":"User is not authorized to access this resource with an explicit deny"}';
const NOT_ALLOWED = '{"Message":"User is not authorized to access this resource"}';

type Event = Record<string, unknown>;

function authorizerApi(authorizer: Record<string, unknown>, policy?: unknown) {
  return restApi(
    {
      Auth: {
        Type: "AWS::ApiGateway::Authorizer",
        Properties: { RestApiId: { Ref: "Api" }, Name: "auth", AuthorizerUri: uri("auth"), ...authorizer },
      },
      ...method("Items", ROOT, "items", "GET", lambdaProxy(fn("items")), {
        AuthorizationType: "CUSTOM",
        AuthorizerId: { Ref: "Auth" },
      }),
      ...method("Item", { Ref: "ItemsResource" }, "{id}", "GET", lambdaProxy(fn("items")), {
        AuthorizationType: "CUSTOM",
        AuthorizerId: { Ref: "Auth" },
      }),
    },
    policy === undefined ? {} : { Policy: policy },
  );
}

/** The authorizer function: Allow (or Deny) on the event's own method ARN, or on `allow` when given. */
function handler(calls: Event[], options: { allow?: string } = {}) {
  return (event: Event) => {
    if (event.type === "TOKEN" || event.type === "REQUEST") {
      calls.push(event);
      const token = String(
        event.authorizationToken ??
          (event.headers as Record<string, string> | undefined)?.authorization ??
          "",
      );
      if (token === "boom") throw new Error("database down");
      if (token === "nobody") throw new Error("Unauthorized");
      if (token === "bad-answer") return { policyDocument: {} };
      const effect = token.startsWith("deny") ? "Deny" : "Allow";
      return {
        principalId: "user-1",
        policyDocument: {
          Version: "2012-10-17",
          Statement: [
            { Effect: effect, Action: "execute-api:Invoke", Resource: options.allow ?? event.methodArn },
          ],
        },
        context: { tenant: "t1", level: 3, admin: false },
      };
    }
    return { statusCode: 200, body: JSON.stringify(event.requestContext) };
  };
}

async function underTest(
  authorizer: Record<string, unknown>,
  options: { allow?: string; policy?: unknown; now?: () => Date } = {},
) {
  const calls: Event[] = [];
  const api = await integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources: authorizerApi(authorizer, options.policy),
    handler: handler(calls, options),
    ...(options.now === undefined ? {} : { clock: options.now }),
    permissions: (apiId, refs) =>
      permissionsFrom({
        [fn("auth")]: [
          `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/authorizers/${refs.get("Auth")}`,
        ],
        [fn("items")]: [`arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/*`],
      }),
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    api.door.publicEndpoint(publicRequest(executeApiHost(api.apiId), url, { headers }));
  return { api, calls, get };
}

const TOKEN = { Type: "TOKEN", IdentitySource: "method.request.header.Authorization" };

describe("TOKEN authorizers", () => {
  it("answers 401 Unauthorized without calling the function when the token is missing or does not match the expression", async () => {
    const { calls, get } = await underTest({ ...TOKEN, IdentityValidationExpression: "Bearer .+" });
    for (const headers of [{}, { authorization: "" }, { authorization: "Basic x" }] as Record<
      string,
      string
    >[]) {
      const response = await get("/prod/items", headers);
      expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual([
        401,
        '{"message":"Unauthorized"}',
        "UnauthorizedException",
      ]);
    }
    expect(calls).toEqual([]);
  });

  it("calls the function with the token and the method ARN, as apigateway.amazonaws.com for the authorizer's SourceArn, and passes principalId and context on", async () => {
    const { api, calls, get } = await underTest(TOKEN);
    const response = await get("/prod/items", { authorization: "allow" });
    expect(response.status).toBe(200);
    expect(calls).toEqual([
      {
        type: "TOKEN",
        methodArn: `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${api.apiId}/prod/GET/items`,
        authorizationToken: "allow",
      },
    ]);
    expect(JSON.parse(text(response.body)).authorizer).toEqual({
      principalId: "user-1",
      tenant: "t1",
      level: "3",
      admin: "false",
      integrationLatency: 0,
    });
  });

  it("answers 403 for an explicit Deny and for a policy that does not allow this method", async () => {
    const denied = await underTest(TOKEN);
    const response = await denied.get("/prod/items", { authorization: "deny" });
    expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual([
      403,
      DENIED,
      "AccessDeniedException",
    ]);
    const elsewhere = await underTest(
      { ...TOKEN, AuthorizerResultTtlInSeconds: 0 },
      { allow: "arn:aws:execute-api:*:*:*/prod/POST/*" },
    );
    const other = await elsewhere.get("/prod/items", { authorization: "allow" });
    expect([other.status, text(other.body)]).toEqual([403, NOT_ALLOWED]);
  });

  it('answers 401 when the function says Unauthorized, 500 {"message":null} when it fails or answers nonsense', async () => {
    const { get } = await underTest({ ...TOKEN, AuthorizerResultTtlInSeconds: 0 });
    const nobody = await get("/prod/items", { authorization: "nobody" });
    expect(nobody.status).toBe(401);
    for (const token of ["boom", "bad-answer"]) {
      const failed = await get("/prod/items", { authorization: token });
      expect([failed.status, text(failed.body), failed.headers["x-amzn-errortype"]]).toEqual([
        500,
        '{"message":null}',
        "AuthorizerConfigurationException",
      ]);
    }
  });

  it("caches the answer per token for the TTL and evaluates the cached policy against each method ARN", async () => {
    let now = Date.UTC(2024, 2, 5, 10, 0, 0);
    const { calls, get } = await underTest(
      { ...TOKEN, AuthorizerResultTtlInSeconds: 60 },
      { now: () => new Date(now) },
    );
    expect((await get("/prod/items/1", { authorization: "allow" })).status).toBe(200);
    expect((await get("/prod/items/1", { authorization: "allow" })).status).toBe(200);
    expect(calls).toHaveLength(1);
    // The cached policy names .../GET/items/1 only: another path is refused without a new call.
    const other = await get("/prod/items/2", { authorization: "allow" });
    expect([other.status, text(other.body), calls.length]).toEqual([403, NOT_ALLOWED, 1]);
    expect((await get("/prod/items/1", { authorization: "allow-other-token" })).status).toBe(200);
    expect(calls).toHaveLength(2);
    now += 61_000;
    expect((await get("/prod/items/2", { authorization: "allow" })).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it("stops a request the resource policy explicitly denies before calling the authorizer", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "execute-api:/*/GET/items/7",
        },
      ],
    };
    const { calls, get } = await underTest(TOKEN, { policy });
    const response = await get("/prod/items/7", { authorization: "allow" });
    expect(response.status).toBe(403);
    expect(text(response.body)).toContain("with an explicit deny");
    expect(calls).toEqual([]);
    expect((await get("/prod/items/8", { authorization: "allow" })).status).toBe(200);
  });
});

describe("REQUEST authorizers", () => {
  const REQUEST = {
    Type: "REQUEST",
    IdentitySource: "method.request.header.Authorization, method.request.querystring.tenant",
  };

  it("answers 401 without calling the function when an identity source is missing (caching on)", async () => {
    const { calls, get } = await underTest(REQUEST);
    const response = await get("/prod/items", { authorization: "allow" });
    expect(response.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it("gives the function the request's headers, query, path and context with the method ARN", async () => {
    const { api, calls, get } = await underTest(REQUEST);
    const response = await get("/prod/items/5?tenant=a+b", { authorization: "allow" });
    expect(response.status).toBe(200);
    const [event] = calls;
    expect(event).toMatchObject({
      type: "REQUEST",
      methodArn: `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${api.apiId}/prod/GET/items/5`,
      resource: "/items/{id}",
      path: "/items/5",
      httpMethod: "GET",
      queryStringParameters: { tenant: "a b" },
      pathParameters: { id: "5" },
      requestContext: { stage: "prod", apiId: api.apiId, resourcePath: "/items/{id}" },
    });
    expect(event?.headers).toMatchObject({ authorization: "allow" });
  });
});
