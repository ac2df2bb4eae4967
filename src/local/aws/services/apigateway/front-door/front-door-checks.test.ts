// What the front door stamps and checks beyond routing: headers a client may not set on the public path,
// when the resource policy is evaluated (PRIVATE APIs and AWS_IAM methods even without a policy), methods
// needing API keys or unsupported authorizers, and base path matching on custom domains.
import { describe, expect, it } from "vitest";
import type { Decision, Principal } from "../../../../iam/types.js";
import { frontDoorUnderTest, permissionsFrom, text } from "./front-door.test-support.js";
import { ACCOUNT, DOMAIN, FUNCTIONS, REGION, request } from "./orders-api.test-support.js";

const implicitDeny: Decision = { allowed: false, reason: "implicit-deny", statements: [] };
const FORBIDDEN = '{"message":"Forbidden"}';
const internet = { sourceIp: "203.0.113.9", via: ["internet"] };
const method = (httpMethod: string, extra: Record<string, unknown>) =>
  [
    `Orders${httpMethod}`,
    {
      HttpMethod: httpMethod,
      AuthorizationType: "NONE",
      Integration: {
        Type: "AWS_PROXY",
        IntegrationHttpMethod: "POST",
        Uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTIONS.placeOrder}/invocations`,
      },
      ...extra,
    },
  ] as const;
const anyOrders = (apiId: string) =>
  permissionsFrom({
    [FUNCTIONS.placeOrder]: [`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*/*/orders`],
  });

describe("the public path stamps its own headers", () => {
  it("drops a client's x-amzn-vpc* and X-Forwarded-Port/Proto headers and extends X-Forwarded-For (http: port 80)", async () => {
    const { door, lambda, authorizer } = await frontDoorUnderTest({ regional: true });
    await door.publicEndpoint({
      ...request("/v1/orders", {
        headers: {
          "x-amzn-vpce-id": "vpce-forged",
          "x-amzn-vpc-id": "vpc-forged",
          "x-amzn-vpce-config": "1",
          "x-forwarded-for": "10.9.9.9",
          "x-forwarded-port": "1234",
          "x-forwarded-proto": "gopher",
        },
      }),
      protocol: "http",
      source: internet,
    });
    expect(lambda.event().headers).toEqual({
      host: DOMAIN,
      "user-agent": "curl/8.5.0",
      "X-Forwarded-For": "10.9.9.9, 203.0.113.9",
      "X-Forwarded-Port": "80",
      "X-Forwarded-Proto": "http",
    });
    expect(lambda.event().multiValueHeaders).not.toHaveProperty("x-forwarded-port");
    expect(authorizer.calls[0]?.request.context).not.toHaveProperty("aws:SourceVpce");
    expect(authorizer.calls[0]?.request.context["aws:SourceIp"]).toBe("203.0.113.9");
  });
});

describe("when the resource policy is evaluated", () => {
  it("a PRIVATE API without a resource policy is still evaluated (AWS requires one): the deny answers 403", async () => {
    const { door, authorizer, lambda } = await frontDoorUnderTest({ withoutPolicy: true });
    authorizer.decision = implicitDeny;
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect(authorizer.calls).toHaveLength(1);
    expect(authorizer.calls[0]?.policy).toBeUndefined();
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(lambda.events).toEqual([]);
  });

  it("a public API with a resource policy is evaluated for NONE methods", async () => {
    const { door, authorizer } = await frontDoorUnderTest({ regional: true });
    await door.publicEndpoint({ ...request("/v1/orders"), source: internet });
    expect(authorizer.calls).toHaveLength(1);
    expect(authorizer.calls[0]?.policy).toBeDefined();
  });

  it("an AWS_IAM method of a public API without a resource policy is evaluated (identity policies decide)", async () => {
    const role: Principal = {
      kind: "role",
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:role/Client`,
      sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Client/s`,
      roleName: "Client",
    };
    const { door, authorizer, lambda } = await frontDoorUnderTest({
      regional: true,
      withoutPolicy: true,
      extraMethods: [method("PUT", { AuthorizationType: "AWS_IAM" })],
      overrides: { callers: { identify: () => ({ kind: "principal", principal: role }) } },
      permissionsFor: anyOrders,
    });
    authorizer.decision = implicitDeny;
    const denied = await door.publicEndpoint({
      ...request("/v1/orders", { method: "PUT" }),
      source: internet,
    });
    expect(denied.status).toBe(403);
    expect(authorizer.calls.map((c) => [c.request.principal, c.policy])).toEqual([[role, undefined]]);
    expect(lambda.events).toEqual([]);
    authorizer.decision = { allowed: true, reason: "allowed", statements: [] };
    const allowed = await door.publicEndpoint({
      ...request("/v1/orders", { method: "PUT" }),
      source: internet,
    });
    expect(allowed.status).toBe(200);
  });
});

describe("what a method requires beyond authorization", () => {
  it("a method requiring an API key answers 403 Forbidden (keys are not emulated) and invokes nothing", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      extraMethods: [method("PUT", { ApiKeyRequired: true })],
      permissionsFor: anyOrders,
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([403, FORBIDDEN]);
    expect(response.headers["x-amzn-errortype"]).toBe("ForbiddenException");
    expect(lambda.events).toEqual([]);
  });

  it("a method without ApiKeyRequired runs", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      extraMethods: [method("PUT", { ApiKeyRequired: false })],
      permissionsFor: anyOrders,
    });
    expect((await door.privateEndpoint(request("/v1/orders", { method: "PUT" }))).status).toBe(200);
    expect(lambda.events).toHaveLength(1);
  });

  it("a method with an authorizer not emulated answers 500 and logs why", async () => {
    const { door, lambda, logs } = await frontDoorUnderTest({
      extraMethods: [method("PUT", { AuthorizationType: "COGNITO_USER_POOLS" })],
      permissionsFor: anyOrders,
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([500, '{"message": "Internal server error"}']);
    expect(lambda.events).toEqual([]);
    expect(JSON.stringify(logs)).toContain("authorizer of PUT /orders is not supported locally");
  });
});

describe("custom domains: the longest matching base path wins, segment by segment", () => {
  async function withMappings(mappings: { basePath: string; stage?: string }[]) {
    const fixture = await frontDoorUnderTest();
    const domain = fixture.state.domainName(DOMAIN);
    if (domain === undefined) throw new Error("no domain");
    domain.mappings.length = 0;
    for (const m of mappings) domain.mappings.push({ ...m, restApiId: fixture.apiId });
    return fixture;
  }

  it("a root mapping (no base path) takes the stage from the path when none is mapped", async () => {
    const { door, lambda } = await withMappings([{ basePath: "" }]);
    expect((await door.privateEndpoint(request("/v1/orders/abc"))).status).toBe(200);
    expect(lambda.event()).toMatchObject({ resource: "/orders/{orderId}", path: "/v1/orders/abc" });
    expect((await door.privateEndpoint(request("/v2/orders"))).status).toBe(403);
  });

  it("prefers the longer of two matching base paths, and never matches a partial segment", async () => {
    const { door, lambda } = await withMappings([
      { basePath: "", stage: "v1" },
      { basePath: "shop/food", stage: "v1" },
    ]);
    expect((await door.privateEndpoint(request("/shop/food/orders/abc"))).status).toBe(200);
    expect(lambda.event().resource).toBe("/orders/{orderId}");
    expect((await door.privateEndpoint(request("/orders/abc"))).status).toBe(200);
    expect(lambda.event(1).resource).toBe("/orders/{orderId}");
    const partial = await door.privateEndpoint(request("/shop/foods/orders"));
    expect([partial.status, text(partial.body)]).toEqual([403, '{"message":"Missing Authentication Token"}']);
  });

  it("a mapping to an unknown stage or API answers 403", async () => {
    const { door } = await withMappings([{ basePath: "v1", stage: "nope" }]);
    expect((await door.privateEndpoint(request("/v1/orders"))).status).toBe(403);
    const other = await withMappings([{ basePath: "v1", stage: "v1" }]);
    const domain = other.state.domainName(DOMAIN);
    if (domain?.mappings[0] !== undefined)
      domain.mappings[0] = { basePath: "v1", restApiId: "unknownapi", stage: "v1" };
    expect((await other.door.privateEndpoint(request("/v1/orders"))).status).toBe(403);
  });
});
