// S3 on the wire (REST-XML, S3 API Reference): a parse of the request into the operation's SDK-shaped
// input and a serialize of its output (headers for object metadata, XML documents in S3's
// namespace for listings). The operations themselves are s3-operations.ts.
import { header, type LocalRequest, type LocalResponse } from "../../../http/http-types.js";
import type { AwsCall, AwsOperation } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { XML_DECLARATION, xmlElement, xmlText } from "../../protocol/xml.js";

const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

/**
 * The payload of an `aws-chunked` upload (SDK streaming uploads: `<hex size>[;chunk-signature=…]\r\n
 * <bytes>\r\n … 0…\r\n<trailers>\r\n\r\n`); chunk signatures and trailing checksums are not checked.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const end = body.indexOf("\r\n", at);
    if (end === -1) break;
    const size = Number.parseInt(body.subarray(at, end).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isFinite(size)) {
      throw new AwsError("IncompleteBody", "The aws-chunked body has a chunk whose size is not hexadecimal.");
    }
    if (size === 0) break;
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function isChunked(request: LocalRequest): boolean {
  return (
    (header(request, "content-encoding") ?? "").includes("aws-chunked") ||
    (header(request, "x-amz-content-sha256") ?? "").startsWith("STREAMING-")
  );
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_m, name: string, dec?: string, hex?: string) =>
      dec !== undefined
        ? String.fromCodePoint(Number(dec))
        : hex !== undefined
          ? String.fromCodePoint(Number.parseInt(hex, 16))
          : (XML_ENTITIES[name] ?? ""),
  );

/**
 * DeleteObjects' `<Delete><Object><Key>…</Key></Object>…<Quiet>true</Quiet></Delete>`: the keys and
 * Quiet (S3's schema is flat enough to read without an XML parser; anything else is MalformedXML).
 */
export function deleteRequest(xml: string): { Objects: { Key: string }[]; Quiet: boolean } {
  if (!/<Delete[\s>]/.test(xml)) {
    throw new AwsError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema.",
    );
  }
  const keys = [...xml.matchAll(/<Object>\s*<Key>([^<]*)<\/Key>/g)].map((m) => ({
    Key: unescapeXml(m[1] ?? ""),
  }));
  return { Objects: keys, Quiet: /<Quiet>\s*true\s*<\/Quiet>/.test(xml) };
}

function metadataOf(request: LocalRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.startsWith("x-amz-meta-"))
      .map(([name, values]) => [name.slice("x-amz-meta-".length), values[0] ?? ""]),
  );
}

function inputOf(call: AwsCall): Record<string, unknown> {
  const { request, params } = call;
  const input: Record<string, unknown> = { ...call.labels };
  const param = (name: string, member: string) => {
    const value = params.get(name);
    if (value !== null) input[member] = value;
  };
  switch (call.operation) {
    case "PutObject":
      input.Body = isChunked(request) ? decodeAwsChunked(request.body) : request.body;
      input.ContentType = header(request, "content-type");
      input.Metadata = metadataOf(request);
      break;
    case "CopyObject":
      input.CopySource = header(request, "x-amz-copy-source");
      input.MetadataDirective = header(request, "x-amz-metadata-directive");
      input.ContentType = header(request, "content-type");
      input.Metadata = metadataOf(request);
      break;
    case "PutBucketPolicy":
      input.Policy = request.body.toString("utf8");
      break;
    case "DeleteObjects":
      input.Delete = deleteRequest(request.body.toString("utf8"));
      break;
    case "ListObjectsV2":
    case "ListObjects":
      param("prefix", "Prefix");
      param("delimiter", "Delimiter");
      param("max-keys", "MaxKeys");
      param("continuation-token", "ContinuationToken");
      param("start-after", "StartAfter");
      param("marker", "Marker");
      break;
  }
  return input;
}

const httpDate = (value: unknown): string => (value instanceof Date ? value.toUTCString() : "");
const isoDate = (value: unknown): string => (value instanceof Date ? value.toISOString() : "");

function objectHeaders(output: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": String(output.ContentType),
    "content-length": String(output.ContentLength),
    etag: String(output.ETag),
    "last-modified": httpDate(output.LastModified),
    "accept-ranges": "bytes",
  };
  for (const [name, value] of Object.entries((output.Metadata ?? {}) as Record<string, string>)) {
    headers[`x-amz-meta-${name}`] = value;
  }
  return headers;
}

const xml = (root: string, inner: string, requestId: string): LocalResponse => ({
  status: 200,
  headers: { "content-type": "application/xml", "x-amz-request-id": requestId },
  body: XML_DECLARATION + xmlElement(root, inner, S3_XMLNS),
});

function listingXml(output: Record<string, unknown>): string {
  const contents = (output.Contents as Record<string, unknown>[]).map((item) =>
    xmlElement(
      "Contents",
      xmlText("Key", String(item.Key)) +
        xmlText("LastModified", isoDate(item.LastModified)) +
        xmlText("ETag", String(item.ETag)) +
        xmlText("Size", Number(item.Size)) +
        xmlText("StorageClass", "STANDARD"),
    ),
  );
  const prefixes = (output.CommonPrefixes as { Prefix: string }[]).map((p) =>
    xmlElement("CommonPrefixes", xmlText("Prefix", p.Prefix)),
  );
  const scalars = Object.entries(output)
    .filter(([name]) => name !== "Contents" && name !== "CommonPrefixes")
    .map(([name, value]) => xmlText(name, value as string | number | boolean));
  return scalars.join("") + contents.join("") + prefixes.join("");
}

function responseOf(call: AwsCall, output: Record<string, unknown>): LocalResponse {
  const id = { "x-amz-request-id": call.requestId };
  switch (call.operation) {
    case "GetObject":
      return { status: 200, headers: { ...objectHeaders(output), ...id }, body: output.Body as Buffer };
    case "HeadObject":
      return { status: 200, headers: { ...objectHeaders(output), ...id }, body: "" };
    case "PutObject":
      return { status: 200, headers: { etag: String(output.ETag), ...id }, body: "" };
    case "DeleteObject":
    case "DeleteBucketPolicy":
      return { status: 204, headers: id, body: "" };
    case "PutBucketPolicy":
      return { status: 204, headers: id, body: "" };
    case "HeadBucket":
      return {
        status: 200,
        headers: { "x-amz-bucket-region": String(output.BucketRegion), ...id },
        body: "",
      };
    case "GetBucketPolicy":
      return {
        status: 200,
        headers: { "content-type": "application/json", ...id },
        body: String(output.Policy),
      };
    case "GetBucketLocation":
      return xml("LocationConstraint", String(output.LocationConstraint), call.requestId);
    case "CopyObject": {
      const result = output.CopyObjectResult as Record<string, unknown>;
      return xml(
        "CopyObjectResult",
        xmlText("LastModified", isoDate(result.LastModified)) + xmlText("ETag", String(result.ETag)),
        call.requestId,
      );
    }
    case "DeleteObjects": {
      const deleted = (output.Deleted as { Key: string }[]).map((d) =>
        xmlElement("Deleted", xmlText("Key", d.Key)),
      );
      const errors = (output.Errors as { Key: string; Code: string; Message: string }[]).map((e) =>
        xmlElement("Error", xmlText("Key", e.Key) + xmlText("Code", e.Code) + xmlText("Message", e.Message)),
      );
      return xml("DeleteResult", deleted.join("") + errors.join(""), call.requestId);
    }
    case "ListBuckets": {
      const buckets = (output.Buckets as { Name: string; BucketRegion: string; CreationDate: Date }[])
        .map((b) =>
          xmlElement(
            "Bucket",
            xmlText("Name", b.Name) +
              xmlText("CreationDate", b.CreationDate.toISOString()) +
              xmlText("BucketRegion", b.BucketRegion),
          ),
        )
        .join("");
      const owner = xmlElement("Owner", xmlText("ID", String((output.Owner as { ID: string }).ID)));
      return xml("ListAllMyBucketsResult", owner + xmlElement("Buckets", buckets), call.requestId);
    }
    default:
      return xml("ListBucketResult", listingXml(output), call.requestId);
  }
}

/** The wire handler over the operations: parse, run, serialize. */
export function s3WireHandler(
  operations: Readonly<Record<string, AwsOperation>>,
): (call: AwsCall) => Promise<LocalResponse> {
  return async (call) => {
    const operation = operations[call.operation];
    if (operation === undefined) {
      throw new AwsError(
        "NotImplemented",
        `accountmesh does not implement s3:${call.operation} locally.`,
        501,
      );
    }
    return responseOf(call, await operation(inputOf(call), call));
  };
}
