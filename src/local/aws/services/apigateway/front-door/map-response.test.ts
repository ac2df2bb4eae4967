// mapProxyResponse on its own: every malformed shape AWS refuses (502 with the
// reason in the log), header merging and the transport headers, status codes, binary bodies.
import { describe, expect, it } from "vitest";
import type { RestApi } from "../api-gateway-state.js";
import { GatewayError } from "./gateway-error.js";
import { mapProxyResponse } from "./map-response.js";
import { request } from "./orders-api.test-support.js";

const api = { binaryMediaTypes: ["image/png"] } as unknown as RestApi;
const plain = request("/");

function failure(payload: unknown): string {
  try {
    mapProxyResponse(payload, api, plain);
    return "no error";
  } catch (error) {
    return error instanceof GatewayError ? `${error.status} ${error.logMessage}` : String(error);
  }
}
const malformed = (reason: string) =>
  `502 Execution failed due to configuration error: Malformed Lambda proxy response (${reason})`;

describe("mapProxyResponse: malformed proxy responses", () => {
  it("names what is wrong", () => {
    expect(failure(null)).toBe(malformed("the function returned null"));
    expect(failure([1])).toBe(malformed("the function returned an array"));
    expect(failure("text")).toBe(malformed("the function returned string"));
    expect(failure({ statusCode: 200, extra: 1, more: 2 })).toBe(malformed("unexpected keys extra, more"));
    expect(failure({ body: 5 })).toBe(malformed("body must be a string, not number"));
    expect(failure({ isBase64Encoded: "yes" })).toBe(malformed("isBase64Encoded must be a boolean"));
    expect(failure({ statusCode: "20x" })).toBe(malformed('statusCode "20x" is not an HTTP status code'));
    expect(failure({ statusCode: "x200" })).toBe(malformed('statusCode "x200" is not an HTTP status code'));
    expect(failure({ statusCode: 99 })).toBe(malformed("statusCode 99 is not an HTTP status code"));
    expect(failure({ statusCode: 600 })).toBe(malformed("statusCode 600 is not an HTTP status code"));
    expect(failure({ statusCode: 200.5 })).toBe(malformed("statusCode 200.5 is not an HTTP status code"));
    expect(failure({ headers: { a: 1 } })).toBe(malformed("header a has a number value"));
    expect(failure({ headers: ["a"] })).toBe(malformed("headers and multiValueHeaders must be objects"));
    expect(failure({ multiValueHeaders: "a" })).toBe(
      malformed("headers and multiValueHeaders must be objects"),
    );
    expect(failure({ multiValueHeaders: { a: "b" } })).toBe(malformed("multiValueHeaders.a must be a list"));
  });

  it("accepts the edges: status 100 and 599 (number or digits), null body, headers and flags", () => {
    expect(mapProxyResponse({ statusCode: 100 }, api, plain).status).toBe(100);
    expect(mapProxyResponse({ statusCode: "599" }, api, plain).status).toBe(599);
    expect(
      mapProxyResponse(
        { statusCode: null, body: null, headers: null, multiValueHeaders: null, isBase64Encoded: null },
        api,
        plain,
      ),
    ).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: "",
    });
  });
});

describe("mapProxyResponse: headers", () => {
  it("lower-cases names, writes booleans as text, merges both maps and drops transport headers", () => {
    const response = mapProxyResponse(
      {
        headers: {
          "X-One": "1",
          Flag: true,
          Off: false,
          "Content-Length": "99",
          Connection: "close",
          "Set-Cookie": "a=1",
        },
        multiValueHeaders: { "set-cookie": ["b=2"], "Transfer-Encoding": ["chunked"], Vary: ["a", "b"] },
        body: "{}",
      },
      api,
      plain,
    );
    expect(response.headers).toEqual({
      "x-one": "1",
      flag: "true",
      off: "false",
      "set-cookie": ["a=1", "b=2"],
      vary: ["a", "b"],
      "content-type": "application/json",
    });
    const same = mapProxyResponse({ headers: { a: "x" }, multiValueHeaders: { A: ["x", "y"] } }, api, plain);
    expect(same.headers.a).toEqual(["x", "y"]);
    const typed = mapProxyResponse({ headers: { "Content-Type": "text/plain" } }, api, plain);
    expect(typed.headers["content-type"]).toBe("text/plain");
  });

  it("decodes a base64 body only when one of the Accept values is a binary media type of the API", () => {
    const payload = { body: Buffer.from("png").toString("base64"), isBase64Encoded: true };
    const accepting = request("/", { headers: { accept: "text/html, image/png" } });
    expect(mapProxyResponse(payload, api, accepting).body).toEqual(Buffer.from("png"));
    expect(mapProxyResponse(payload, api, request("/", { headers: { accept: "text/html" } })).body).toBe(
      payload.body,
    );
    expect(mapProxyResponse({ ...payload, isBase64Encoded: false }, api, accepting).body).toBe(payload.body);
  });
});
