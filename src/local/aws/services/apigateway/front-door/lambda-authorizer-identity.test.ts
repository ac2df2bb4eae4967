// Identity sources, the result cache and the policies evaluated for Lambda authorizers ("Use API
// Gateway Lambda authorizers", "Input to an API Gateway Lambda authorizer",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-lambda-authorizer-input.html):
// a TOKEN authorizer is not called for a missing or empty token; a REQUEST authorizer with caching on
// is not called when an identity source is missing or empty, and its answer is cached per identity
// source values for the TTL; with caching off the function is called for every request.
import { describe, expect, it } from "vitest";
import { text } from "./front-door.test-support.js";
import { answer, authorizerUnderTest } from "./lambda-authorizer.test-support.js";

const UNAUTHORIZED = [401, '{"message":"Unauthorized"}', "UnauthorizedException"];
const TOKEN = { Type: "TOKEN", IdentitySource: "method.request.header.Authorization" };

describe("TOKEN identity", () => {
  it("answers 401 without calling the function for a missing, empty or blank token", async () => {
    const { get, calls, lastLog } = await authorizerUnderTest({ authorizer: TOKEN });
    for (const headers of [{}, { authorization: "" }, { authorization: "   " }] as Record<string, string>[]) {
      const response = await get("/prod/items", headers);
      expect([response.status, text(response.body), response.headers["x-amzn-errortype"]]).toEqual(
        UNAUTHORIZED,
      );
      expect(lastLog()).toBe("UNAUTHORIZED 401: the authorization token (Authorization) is missing or empty");
    }
    expect(calls).toEqual([]);
  });

  it("logs the validation expression a token does not match", async () => {
    const { get, lastLog } = await authorizerUnderTest({
      authorizer: { ...TOKEN, IdentityValidationExpression: "Bearer .+" },
    });
    expect((await get("/prod/items", { authorization: "Basic x" })).status).toBe(401);
    expect(lastLog()).toBe(
      "UNAUTHORIZED 401: the authorization token does not match the validation expression Bearer .+",
    );
  });
});

describe("REQUEST identity sources", () => {
  const REQUEST = {
    Type: "REQUEST",
    IdentitySource: "method.request.header.Authorization, method.request.querystring.tenant",
  };

  it("with caching off, calls the function for every request, identity sources present or not", async () => {
    const { get, calls } = await authorizerUnderTest({
      authorizer: { ...REQUEST, AuthorizerResultTtlInSeconds: 0 },
    });
    expect((await get("/prod/items")).status).toBe(200);
    expect((await get("/prod/items?tenant=a", { authorization: "x" })).status).toBe(200);
    expect((await get("/prod/items?tenant=a", { authorization: "x" })).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it("with caching on, answers 401 for an empty header or a query parameter of another name", async () => {
    const { get, calls, lastLog } = await authorizerUnderTest({ authorizer: REQUEST });
    const empty = await get("/prod/items?tenant=a", { authorization: "" });
    expect([empty.status, text(empty.body), empty.headers["x-amzn-errortype"]]).toEqual(UNAUTHORIZED);
    expect(lastLog()).toBe("UNAUTHORIZED 401: identity source header.Authorization is missing");
    expect((await get("/prod/items?other=a", { authorization: "x" })).status).toBe(401);
    expect(lastLog()).toBe("UNAUTHORIZED 401: identity source querystring.tenant is missing");
    expect(calls).toEqual([]);
  });

  it("caches per identity source values: values that only concatenate alike are other identities", async () => {
    const { get, calls } = await authorizerUnderTest({ authorizer: REQUEST });
    expect((await get("/prod/items?tenant=bc", { authorization: "a" })).status).toBe(200);
    expect((await get("/prod/items?tenant=bc", { authorization: "a" })).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect((await get("/prod/items?tenant=c", { authorization: "ab" })).status).toBe(200);
    expect((await get("/prod/items?tenant=other&x=bc", { authorization: "a" })).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it("takes stage variables and the caller's source IP as identity sources", async () => {
    const authorizer = { Type: "REQUEST", IdentitySource: "stageVariables.tier, context.identity.sourceIp" };
    const { get, calls } = await authorizerUnderTest({ authorizer, variables: { tier: "gold" } });
    expect((await get("/prod/items", {}, "203.0.113.5")).status).toBe(200);
    expect((await get("/prod/items", {}, "203.0.113.5")).status).toBe(200);
    expect((await get("/prod/items", {}, "203.0.113.6")).status).toBe(200);
    expect(calls).toHaveLength(2);
    const without = await authorizerUnderTest({ authorizer });
    expect((await without.get("/prod/items")).status).toBe(401);
    expect(without.lastLog()).toBe("UNAUTHORIZED 401: identity source stageVariables.tier is missing");
  });
});

describe("the result cache", () => {
  it("keeps an answer for AuthorizerResultTtlInSeconds: still cached within, called again once the TTL has passed", async () => {
    const start = Date.UTC(2024, 2, 5, 10, 0, 0);
    let now = start;
    const { get, calls } = await authorizerUnderTest({
      authorizer: { ...TOKEN, AuthorizerResultTtlInSeconds: 60 },
      now: () => new Date(now),
    });
    expect((await get("/prod/items", { authorization: "a" })).status).toBe(200);
    now = start + 1_000;
    expect((await get("/prod/items", { authorization: "a" })).status).toBe(200);
    now = start + 59_999;
    expect((await get("/prod/items", { authorization: "a" })).status).toBe(200);
    expect(calls).toHaveLength(1);
    now = start + 60_000;
    expect((await get("/prod/items", { authorization: "a" })).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it("keeps the answers of several tokens side by side", async () => {
    const { get, calls } = await authorizerUnderTest({ authorizer: TOKEN });
    for (const token of ["a", "b", "a", "b"]) {
      expect((await get("/prod/items", { authorization: token })).status).toBe(200);
    }
    expect(calls.map((event) => event.authorizationToken)).toEqual(["a", "b"]);
  });
});

describe("the policies evaluated", () => {
  // "How API Gateway resource policies affect authorization workflow", Table A (same account): an
  // authorizer policy that neither allows nor denies, with a resource policy that allows, is Allow.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
  it("lets a resource policy's Allow stand when the authorizer's policy does not name the method", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "execute-api:/*/GET/items",
        },
      ],
    };
    const { get } = await authorizerUnderTest({
      authorizer: TOKEN,
      api: { Policy: policy },
      answer: (event) => answer(event, {}, "Allow", "arn:aws:execute-api:*:*:*/prod/POST/*"),
    });
    expect((await get("/prod/items", { authorization: "a" })).status).toBe(200);
    const elsewhere = await get("/prod/items/1", { authorization: "a" });
    expect([elsewhere.status, text(elsewhere.body)]).toEqual([
      403,
      '{"Message":"User is not authorized to access this resource"}',
    ]);
  });

  it("fails closed (500) for a CUSTOM method whose authorizer is not a Lambda authorizer", async () => {
    const { api, get, lastLog } = await authorizerUnderTest({
      authorizer: {
        Type: "COGNITO_USER_POOLS",
        AuthorizerUri: undefined,
        ProviderARNs: ["arn:aws:cognito-idp:eu-west-1:444455556666:userpool/p"],
      },
    });
    const response = await get("/prod/items", { authorization: "a" });
    expect([response.status, text(response.body)]).toEqual([500, '{"message": "Internal server error"}']);
    expect(lastLog()).toBe(
      `API_CONFIGURATION_ERROR 500: authorizer ${api.refs.get("Auth")} of GET /items is not a Lambda authorizer of REST API ${api.apiId}`,
    );
  });
});
