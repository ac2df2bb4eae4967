import { describe, expect, it } from "vitest";
import { frontDoorUnderTest, text } from "./front-door.test-support.js";
import { request } from "./orders-api.test-support.js";

const INVALID_BODY = '{"message": "Invalid request body"}';

function post(body: string, contentType?: string) {
  return request("/v1/orders", {
    method: "POST",
    body,
    ...(contentType === undefined ? {} : { headers: { "content-type": contentType } }),
  });
}

describe("validateRequest: the body against the method's model", () => {
  it("answers 400 Invalid request body for a wrong enum value, a missing field, a blank name, non-JSON and no body", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    const bodies = [
      '{"fullName":"Max Mustermann","food":"sushi"}',
      '{"fullName":"Max Mustermann","food":"Pizza"}',
      '{"fullName":"Max Mustermann"}',
      '{"fullName":"  ","food":"salat"}',
      '{"fullName":"Max Mustermann","food":"pizza"',
      "fullName=Max",
      "",
    ];
    for (const body of bodies) {
      const response = await door.privateEndpoint(post(body, "application/json"));
      expect([body, response.status, text(response.body)]).toEqual([body, 400, INVALID_BODY]);
      expect(response.headers["x-amzn-errortype"]).toBe("BadRequestException");
    }
    expect(lambda.events).toEqual([]);
  });

  it("passes a valid body through unchanged, extra properties included", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    const body = '{"fullName":"Max Mustermann","food":"salat","note":"extra"}';
    const response = await door.privateEndpoint(post(body, "application/json; charset=UTF-8"));
    expect(response.status).toBe(200);
    expect(lambda.event().body).toBe(body);
  });

  it("validates a request without Content-Type as application/json", async () => {
    const { door } = await frontDoorUnderTest();
    const response = await door.privateEndpoint(post('{"food":"sushi"}'));
    expect(text(response.body)).toBe(INVALID_BODY);
  });

  it("passes a content type with no model through unvalidated, as AWS does for proxy integrations", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    const response = await door.privateEndpoint(post('{"food":"sushi"}', "text/plain"));
    expect(response.status).toBe(200);
    expect(lambda.event().body).toBe('{"food":"sushi"}');
  });
});

describe("validateRequest: required request parameters", () => {
  it("answers 400 naming the missing or blank required query parameter", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      listParameters: { "method.request.querystring.orderDate": true },
    });
    for (const url of ["/v1/orders", "/v1/orders?orderDate=", "/v1/orders?orderdate=2024-01-01"]) {
      const response = await door.privateEndpoint(request(url));
      expect([url, response.status, text(response.body)]).toEqual([
        url,
        400,
        '{"message": "Missing required request parameters: [orderDate]"}',
      ]);
      expect(response.headers["x-amzn-errortype"]).toBe("BadRequestException");
    }
    expect(lambda.events).toEqual([]);
    expect((await door.privateEndpoint(request("/v1/orders?orderDate=2024-01-01"))).status).toBe(200);
  });

  it("lists every missing parameter in AWS's order and matches header names case-insensitively", async () => {
    const { door } = await frontDoorUnderTest({
      listParameters: {
        "method.request.querystring.orderDate": true,
        "method.request.header.X-Tenant": true,
      },
    });
    const both = await door.privateEndpoint(request("/v1/orders"));
    expect(text(both.body)).toBe('{"message": "Missing required request parameters: [X-Tenant, orderDate]"}');
    const withHeader = await door.privateEndpoint(request("/v1/orders", { headers: { "x-tenant": "t1" } }));
    expect(text(withHeader.body)).toBe('{"message": "Missing required request parameters: [orderDate]"}');
  });

  it("leaves optional parameters alone (the template's GET /orders)", async () => {
    const { door, lambda } = await frontDoorUnderTest();
    expect((await door.privateEndpoint(request("/v1/orders"))).status).toBe(200);
    expect(lambda.event().queryStringParameters).toBeNull();
  });
});
