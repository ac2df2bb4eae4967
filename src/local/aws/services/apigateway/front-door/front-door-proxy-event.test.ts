import { describe, expect, it } from "vitest";
import { frontDoorUnderTest, NOW } from "./front-door.test-support.js";
import { ACCOUNT, CONSUMER_VPC, CONSUMER_VPCE, DOMAIN, request } from "./orders-api.test-support.js";

describe("the Lambda proxy event (format 1.0)", () => {
  it("has AWS's keys in AWS's order, the private API identity included", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    await door.privateEndpoint(request("/v1/orders/abc"));
    const event = lambda.event();
    expect(Object.keys(event)).toEqual([
      "resource",
      "path",
      "httpMethod",
      "headers",
      "multiValueHeaders",
      "queryStringParameters",
      "multiValueQueryStringParameters",
      "pathParameters",
      "stageVariables",
      "requestContext",
      "body",
      "isBase64Encoded",
    ]);
    expect(Object.keys(event.requestContext)).toEqual([
      "resourceId",
      "resourcePath",
      "operationName",
      "httpMethod",
      "extendedRequestId",
      "requestTime",
      "path",
      "accountId",
      "protocol",
      "stage",
      "domainPrefix",
      "requestTimeEpoch",
      "requestId",
      "identity",
      "domainName",
      "apiId",
    ]);
    expect(Object.keys(event.requestContext.identity)).toEqual([
      "cognitoIdentityPoolId",
      "cognitoIdentityId",
      "vpceId",
      "principalOrgId",
      "cognitoAuthenticationType",
      "userArn",
      "userAgent",
      "accountId",
      "caller",
      "sourceIp",
      "accessKey",
      "vpcId",
      "cognitoAuthenticationProvider",
      "user",
    ]);
  });

  it("carries the request's values, ids matching the response headers, and null for empty maps", async () => {
    const { door, lambda, apiId, state } = await frontDoorUnderTest();
    const response = await door.privateEndpoint(request("/v1/orders/abc"));
    const event = lambda.event();
    const orderIdResource = [...(state.restApi(apiId)?.resources.values() ?? [])].find(
      (r) => r.pathPart === "{orderId}",
    );
    expect(event).toMatchObject({
      resource: "/orders/{orderId}",
      path: "/v1/orders/abc",
      httpMethod: "GET",
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { orderId: "abc" },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext).toEqual({
      resourceId: orderIdResource?.id,
      resourcePath: "/orders/{orderId}",
      operationName: "getOrder",
      httpMethod: "GET",
      extendedRequestId: response.headers["x-amz-apigw-id"],
      requestTime: "05/Mar/2024:10:11:12 +0000",
      path: "/v1/orders/abc",
      accountId: ACCOUNT,
      protocol: "HTTP/1.1",
      stage: "v1",
      domainPrefix: "food",
      requestTimeEpoch: NOW.getTime(),
      requestId: response.headers["x-amzn-requestid"],
      identity: {
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        vpceId: CONSUMER_VPCE,
        principalOrgId: null,
        cognitoAuthenticationType: null,
        userArn: null,
        userAgent: "curl/8.5.0",
        accountId: null,
        caller: null,
        sourceIp: "192.168.2.17",
        accessKey: null,
        vpcId: CONSUMER_VPC,
        cognitoAuthenticationProvider: null,
        user: null,
      },
      domainName: DOMAIN,
      apiId,
    });
  });

  it("keeps every header and query value (last one in the single-value maps) and stamps the VPC endpoint headers", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    await door.privateEndpoint(
      request("/v1/orders?orderDate=2024-01-01&limit=5&limit=7&note=a%20b&flag", {
        headers: {
          accept: ["application/json", "text/plain"],
          "x-amzn-vpce-id": "vpce-forged",
          "x-amzn-vpc-id": "vpc-forged",
          "x-forwarded-for": "10.9.9.9",
        },
      }),
    );
    const event = lambda.event();
    expect(event.queryStringParameters).toEqual({
      orderDate: "2024-01-01",
      limit: "7",
      note: "a b",
      flag: "",
    });
    expect(event.multiValueQueryStringParameters).toEqual({
      orderDate: ["2024-01-01"],
      limit: ["5", "7"],
      note: ["a b"],
      flag: [""],
    });
    expect(event.headers).toEqual({
      host: DOMAIN,
      "user-agent": "curl/8.5.0",
      accept: "text/plain",
      "x-amzn-vpc-id": CONSUMER_VPC,
      "x-amzn-vpce-config": "1",
      "x-amzn-vpce-id": CONSUMER_VPCE,
      "X-Forwarded-For": "10.9.9.9, 192.168.2.17",
    });
    expect(event.multiValueHeaders?.accept).toEqual(["application/json", "text/plain"]);
  });

  it("gives stage variables and, for binary media types, a base64 body", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      stageVariables: { tableSuffix: "blue" },
      binaryMediaTypes: ["application/octet-stream"],
    });
    const bytes = Buffer.from([0xff, 0x00, 0x80, 0x41]);
    await door.privateEndpoint(
      request("/v1/orders", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
      }),
    );
    const event = lambda.event();
    expect(event.stageVariables).toEqual({ tableSuffix: "blue" });
    expect([event.body, event.isBase64Encoded]).toEqual([bytes.toString("base64"), true]);
  });

  it("omits the VPC identity and adds X-Forwarded-Port/Proto on the public endpoint", async () => {
    const { door, lambda } = await frontDoorUnderTest({ regional: true, withoutPolicy: true });
    await door.publicEndpoint({
      ...request("/v1/orders"),
      source: { sourceIp: "203.0.113.9", via: ["internet"] },
    });
    const event = lambda.event();
    expect(event.requestContext.identity).not.toHaveProperty("vpceId");
    expect(event.requestContext.identity).not.toHaveProperty("vpcId");
    expect(event.headers).toMatchObject({
      "X-Forwarded-For": "203.0.113.9",
      "X-Forwarded-Port": "443",
      "X-Forwarded-Proto": "https",
    });
    expect(event.headers).not.toHaveProperty("x-amzn-vpce-id");
  });

  it.each(["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"])(
    "treats %s in the query, the headers and the path as an ordinary name",
    async (name) => {
      const { door, lambda } = await frontDoorUnderTest();
      const response = await door.privateEndpoint(
        request(`/v1/orders/${name}?${name}=1&${name}=2`, { headers: { [name]: "h" } }),
      );
      expect(response.status).toBe(200);
      const event = lambda.event();
      expect(Object.hasOwn(event.queryStringParameters ?? {}, name)).toBe(true);
      expect(event.queryStringParameters?.[name]).toBe("2");
      expect(event.multiValueQueryStringParameters?.[name]).toEqual(["1", "2"]);
      expect(event.headers?.[name.toLowerCase()]).toBe("h");
      expect(event.multiValueHeaders?.[name.toLowerCase()]).toEqual(["h"]);
      expect(event.pathParameters).toEqual({ orderId: name });
      expect(JSON.parse(JSON.stringify(event)).queryStringParameters[name]).toBe("2");
    },
  );
});
