// Bytes that are not UTF-8 in a request body. A REST API hands a Lambda proxy integration a text
// body as a "UTF8-encoded string" and only a body whose Content-Type is one of the API's
// binaryMediaTypes as the bytes themselves, base64-encoded (AWS: "Content type conversions in API
// Gateway", the request table; binary uploads to an API without binary media types arrive
// corrupted). The local front door does the same, so a function sees what it would see on AWS.
import { describe, expect, it } from "vitest";
import { frontDoorUnderTest } from "./front-door.test-support.js";
import { request } from "./orders-api.test-support.js";

const NOT_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]); // {"a":"..."}

describe("request bodies that are not UTF-8", () => {
  it("reach the function as AWS's UTF-8 string (U+FFFD for each invalid sequence) under a text media type", async () => {
    const { door, lambda } = await frontDoorUnderTest({ binaryMediaTypes: ["application/octet-stream"] });
    const response = await door.privateEndpoint(
      request("/v1/orders", { method: "POST", headers: { "content-type": "text/plain" }, body: NOT_UTF8 }),
    );
    expect(response.status).toBe(200);
    const event = lambda.event();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"a":"\ufffd\ufffd\ufffd("}');
  });

  it("reach the function byte for byte (base64) under one of the API's binary media types", async () => {
    const { door, lambda } = await frontDoorUnderTest({ binaryMediaTypes: ["application/octet-stream"] });
    await door.privateEndpoint(
      request("/v1/orders", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: NOT_UTF8,
      }),
    );
    const event = lambda.event();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? "", "base64").equals(NOT_UTF8)).toBe(true);
  });
});
