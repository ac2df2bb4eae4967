import { describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../http/http-types.js";
import { s3Route } from "./s3-route.js";
import { decodeAwsChunked, deleteRequest } from "./s3-wire.js";

const request = (
  method: string,
  url: string,
  host: string,
  headers: Record<string, string> = {},
): LocalRequest => ({
  method,
  url,
  headers: Object.fromEntries([["host", [host]], ...Object.entries(headers).map(([k, v]) => [k, [v]])]),
  body: Buffer.alloc(0),
  source: { sourceIp: "127.0.0.1", via: [] },
  protocol: "http",
});

describe("S3 on the wire", () => {
  it("decodes aws-chunked bodies, signed and unsigned, with trailers", () => {
    const signed = Buffer.from(
      "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n",
    );
    expect(decodeAwsChunked(signed).toString()).toBe("hello world");
    const trailer = Buffer.from("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n");
    expect(decodeAwsChunked(trailer).toString()).toBe("abc");
    expect(() => decodeAwsChunked(Buffer.from("zz\r\nabc\r\n"))).toThrow(/not hexadecimal/);
  });

  it("reads DeleteObjects' XML: keys (entities decoded) and Quiet", () => {
    expect(
      deleteRequest(
        '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b.txt</Key></Object><Object><Key>c/&#100;</Key></Object><Quiet>true</Quiet></Delete>',
      ),
    ).toEqual({ Objects: [{ Key: "a&b.txt" }, { Key: "c/d" }], Quiet: true });
    expect(() => deleteRequest("not xml")).toThrow(/not well-formed/);
  });

  it("routes path-style and virtual-hosted requests, subresources and copies", () => {
    expect(s3Route(request("GET", "/b/a%20b/c.txt?x-id=GetObject", "127.0.0.1:4566"))).toEqual({
      operation: "GetObject",
      labels: { Bucket: "b", Key: "a b/c.txt" },
    });
    expect(s3Route(request("GET", "/key.txt", "my-bucket.s3.eu-west-1.amazonaws.com"))).toEqual({
      operation: "GetObject",
      labels: { Bucket: "my-bucket", Key: "key.txt" },
    });
    expect(s3Route(request("GET", "/?list-type=2&prefix=a", "my-bucket.localhost:4566"))?.operation).toBe(
      "ListObjectsV2",
    );
    expect(s3Route(request("PUT", "/b?policy", "127.0.0.1"))?.operation).toBe("PutBucketPolicy");
    expect(s3Route(request("PUT", "/b/k", "127.0.0.1", { "x-amz-copy-source": "b/j" }))?.operation).toBe(
      "CopyObject",
    );
    expect(s3Route(request("GET", "/", "127.0.0.1"))?.operation).toBe("ListBuckets");
    expect(s3Route(request("POST", "/b?delete", "127.0.0.1"))?.operation).toBe("DeleteObjects");
    expect(s3Route(request("POST", "/b?uploads", "127.0.0.1"))).toBeUndefined();
  });
});
