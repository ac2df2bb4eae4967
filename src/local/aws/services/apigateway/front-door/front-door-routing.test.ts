import { describe, expect, it } from "vitest";
import { isApiGatewayHost } from "./api-gateway-hosts.js";
import { frontDoorUnderTest, text } from "./front-door.test-support.js";
import { CONSUMER_VPCE, DOMAIN, FUNCTIONS, REGION, request } from "./orders-api.test-support.js";

const FORBIDDEN = '{"message":"Forbidden"}';
const MISSING_TOKEN = '{"message":"Missing Authentication Token"}';

describe("resolveEndpoint: custom domain, base path mapping and stage", () => {
  it("routes food.cross-account-microservices.com/v1/orders/{id} to GetOrder with the base path kept in event.path", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    const response = await door.privateEndpoint(request("/v1/orders/0123abcd?x=1"));
    expect(response.status).toBe(200);
    expect(lambda.events.map((e) => e.functionArn)).toEqual([FUNCTIONS.getOrder]);
    const event = lambda.event();
    expect(event.resource).toBe("/orders/{orderId}");
    expect(event.path).toBe("/v1/orders/0123abcd");
    expect(event.pathParameters).toEqual({ orderId: "0123abcd" });
    expect(event.requestContext).toMatchObject({
      path: "/v1/orders/0123abcd",
      stage: "v1",
      domainName: DOMAIN,
      domainPrefix: "food",
    });
  });

  it("selects the method by HTTP method and ignores a trailing slash", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    await door.privateEndpoint(request("/v1/orders/"));
    await door.privateEndpoint(
      request("/v1/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"fullName":"Max","food":"pizza"}',
      }),
    );
    expect(lambda.events.map((e) => e.functionArn)).toEqual([FUNCTIONS.listOrders, FUNCTIONS.placeOrder]);
  });

  it("answers 403 Forbidden for a path outside every base path, without invoking anything", async () => {
    const { door, lambda, authorizer } = await frontDoorUnderTest();
    for (const path of ["/orders", "/", "/v2/orders", "/v1orders"]) {
      const response = await door.privateEndpoint(request(path));
      expect(response.status).toBe(403);
      expect(response.body).toBe(FORBIDDEN);
      expect(response.headers["x-amzn-errortype"]).toBe("ForbiddenException");
    }
    expect(lambda.events).toEqual([]);
    expect(authorizer.calls).toEqual([]);
  });

  it("reads the stage from the first path segment on the execute-api host name", async () => {
    const { door, lambda, apiId } = await frontDoorUnderTest();
    const host = `${apiId}.execute-api.${REGION}.amazonaws.com`;
    const response = await door.privateEndpoint(request("/v1/orders", { host }));
    expect(response.status).toBe(200);
    const event = lambda.event();
    expect(event.path).toBe("/orders");
    expect(event.requestContext).toMatchObject({ path: "/v1/orders", domainName: host, domainPrefix: apiId });
    for (const path of ["/v2/orders", "/", "/V1/orders"]) {
      expect((await door.privateEndpoint(request(path, { host }))).body).toBe(FORBIDDEN);
    }
  });

  it("accepts the {apiId}-{vpceId} alias and the VPC endpoint DNS name with x-apigw-api-id", async () => {
    const { door, lambda, apiId } = await frontDoorUnderTest();
    const alias = `${apiId}-${CONSUMER_VPCE}.execute-api.${REGION}.amazonaws.com`;
    expect((await door.privateEndpoint(request("/v1/orders", { host: alias }))).status).toBe(200);
    const unassociated = `${apiId}-vpce-0123456789abcdef0.execute-api.${REGION}.amazonaws.com`;
    expect((await door.privateEndpoint(request("/v1/orders", { host: unassociated }))).body).toBe(FORBIDDEN);
    const vpceHost = `${CONSUMER_VPCE}-ab12cd34.execute-api.${REGION}.vpce.amazonaws.com`;
    const viaHeader = request("/v1/orders", { host: vpceHost, headers: { "x-apigw-api-id": apiId } });
    expect((await door.privateEndpoint(viaHeader)).status).toBe(200);
    expect(
      (await door.publicEndpoint({ ...viaHeader, source: { sourceIp: "203.0.113.9", via: [] } })).body,
    ).toBe(FORBIDDEN);
    expect(
      lambda.events.map((e) => (e.event.requestContext as { domainPrefix: string }).domainPrefix),
    ).toEqual([`${apiId}-${CONSUMER_VPCE}`, `${CONSUMER_VPCE}-ab12cd34`]);
  });
});

describe("checkEndpointType", () => {
  it("answers 403 Forbidden for a PRIVATE API on the public endpoint", async () => {
    const { door, lambda, authorizer, apiId } = await frontDoorUnderTest();
    const outside = { sourceIp: "203.0.113.9", via: ["internet"] };
    for (const host of [DOMAIN, `${apiId}.execute-api.${REGION}.amazonaws.com`]) {
      const response = await door.publicEndpoint({ ...request("/v1/orders", { host }), source: outside });
      expect(response.status).toBe(403);
      expect(response.body).toBe(FORBIDDEN);
    }
    expect(lambda.events).toEqual([]);
    expect(authorizer.calls).toEqual([]);
  });

  it("refuses a request on the VPC endpoint handler that did not pass a VPC endpoint", async () => {
    const { door } = await frontDoorUnderTest();
    const { vpceId: _dropped, ...source } = request("/").source;
    const response = await door.privateEndpoint({ ...request("/v1/orders"), source });
    expect(response.body).toBe(FORBIDDEN);
  });

  it("keeps public (REGIONAL) APIs off the VPC endpoint and serves them publicly", async () => {
    const { door } = await frontDoorUnderTest({ regional: true, withoutPolicy: true });
    expect((await door.privateEndpoint(request("/v1/orders"))).body).toBe(FORBIDDEN);
    const publicRequest = { ...request("/v1/orders"), source: { sourceIp: "203.0.113.9", via: [] } };
    expect((await door.publicEndpoint(publicRequest)).status).toBe(200);
  });
});

describe("routeRequest", () => {
  it("answers 403 Missing Authentication Token for methods and paths the API does not define", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    const cases: [string, string][] = [
      ["DELETE", "/v1/orders"],
      ["PUT", "/v1/orders/abc"],
      ["GET", "/v1/menu"],
      ["GET", "/v1/orders/abc/items"],
      ["GET", "/v1"],
    ];
    for (const [method, path] of cases) {
      const response = await door.privateEndpoint(request(path, { method }));
      expect([method, path, response.status, text(response.body)]).toEqual([
        method,
        path,
        403,
        MISSING_TOKEN,
      ]);
      expect(response.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
      expect(response.headers["content-type"]).toBe("application/json");
    }
    expect(lambda.events).toEqual([]);
  });

  it("falls back to an ANY method when the resource lacks the request's method", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      extraMethods: [
        [
          "OrdersANY",
          {
            HttpMethod: "ANY",
            AuthorizationType: "NONE",
            Integration: { Type: "MOCK", IntegrationResponses: [{ StatusCode: "204" }] },
          },
        ],
      ],
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PATCH" }));
    expect(response.status).toBe(204);
    expect((await door.privateEndpoint(request("/v1/orders"))).status).toBe(200);
    expect(lambda.events.map((e) => e.functionArn)).toEqual([FUNCTIONS.listOrders]);
  });
});

describe("every response", () => {
  it("carries x-amzn-RequestId and x-amz-apigw-id, fresh per request, also for malformed input", async () => {
    const { door } = await frontDoorUnderTest();
    const inputs = [
      request("/v1/orders"),
      request("/v1/orders", { method: "DELETE" }),
      request("%%%/../?a=%zz&&=&b", { host: "" }),
      request("http://evil.example/v1/orders?x=%E0%A4%A", { method: "get" }),
      { ...request("/v1/orders/x"), headers: {} },
    ];
    const ids = new Set<string>();
    for (const input of inputs) {
      const response = await door.privateEndpoint(input);
      const requestId = String(response.headers["x-amzn-requestid"]);
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(String(response.headers["x-amz-apigw-id"])).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      ids.add(requestId);
    }
    expect(ids.size).toBe(inputs.length);
  });
});

describe("isApiGatewayHost", () => {
  it("knows custom domains, execute-api names of known APIs, regional domain names and VPC endpoint names", async () => {
    const { state, apiId } = await frontDoorUnderTest();
    const regional = state.domainName(DOMAIN)?.regionalDomainName ?? "";
    expect(regional).toMatch(/^d-[a-z0-9]{10}\.execute-api\.eu-central-1\.amazonaws\.com$/);
    for (const host of [
      "FOOD.cross-account-microservices.com:443",
      `${apiId}.execute-api.${REGION}.amazonaws.com`,
      `${apiId}-${CONSUMER_VPCE}.execute-api.${REGION}.amazonaws.com`,
      `${CONSUMER_VPCE}-x1.execute-api.${REGION}.vpce.amazonaws.com`,
      regional,
    ]) {
      expect([host, isApiGatewayHost(state, host)]).toEqual([host, true]);
    }
    for (const host of [
      "beverage.cross-account-microservices.com",
      `${apiId}-vpce-0123456789abcdef0.execute-api.${REGION}.amazonaws.com`,
      `abcdefghij.execute-api.${REGION}.amazonaws.com`,
      `${apiId}.execute-api.us-east-1.amazonaws.com`,
      "dynamodb.eu-central-1.amazonaws.com",
    ]) {
      expect([host, isApiGatewayHost(state, host)]).toEqual([host, false]);
    }
  });
});
