// Which S3 operation a request is (S3's REST-XML routing, S3 API Reference): the bucket comes from the
// Host of a virtual-hosted request (`<bucket>.s3.<region>.amazonaws.com`, `<bucket>.localhost`) or
// from the first path segment (path style); subresources (`?policy`, `?list-type=2`) and the
// `x-amz-copy-source` header choose between operations on the same path.
import { header, type LocalRequest } from "../../../http/http-types.js";
import type { RouteMatch } from "../../protocol/rest-routes.js";
import { splitUrl } from "../../protocol/sigv4-parse.js";

const VIRTUAL_HOSTED = [/^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/, /^(.+)\.localhost$/];

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The bucket a virtual-hosted request names in its Host, if it is one (`my-bucket.s3.amazonaws.com`). */
export function virtualHostedBucket(host: string): string | undefined {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  for (const pattern of VIRTUAL_HOSTED) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/** The bucket and key of a request: `{ Bucket?, Key? }` (the key URL-decoded). */
export function bucketAndKey(request: LocalRequest): { readonly bucket?: string; readonly key?: string } {
  const [path] = splitUrl(request.url);
  const hosted = virtualHostedBucket(header(request, "host") ?? "");
  const rest = path.startsWith("/") ? path.slice(1) : path;
  if (hosted !== undefined) {
    return rest === "" ? { bucket: hosted } : { bucket: hosted, key: decode(rest) };
  }
  if (rest === "") return {};
  const slash = rest.indexOf("/");
  if (slash === -1) return { bucket: decode(rest) };
  const key = rest.slice(slash + 1);
  return key === ""
    ? { bucket: decode(rest.slice(0, slash)) }
    : { bucket: decode(rest.slice(0, slash)), key: decode(key) };
}

function operationOf(
  method: string,
  query: URLSearchParams,
  target: { bucket?: string; key?: string },
  copy: boolean,
): string | undefined {
  if (target.bucket === undefined) return method === "GET" ? "ListBuckets" : undefined;
  if (target.key === undefined) {
    if (query.has("policy")) {
      return { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" }[method];
    }
    if (method === "HEAD") return "HeadBucket";
    if (method === "POST" && query.has("delete")) return "DeleteObjects";
    if (method === "GET" && query.get("list-type") === "2") return "ListObjectsV2";
    if (method === "GET" && query.has("location")) return "GetBucketLocation";
    if (method === "GET" && [...query.keys()].every((name) => LIST_V1_PARAMS.has(name))) {
      return "ListObjects";
    }
    return undefined;
  }
  switch (method) {
    case "GET":
      return "GetObject";
    case "HEAD":
      return "HeadObject";
    case "PUT":
      return copy ? "CopyObject" : "PutObject";
    case "DELETE":
      return "DeleteObject";
    default:
      return undefined;
  }
}

const LIST_V1_PARAMS = new Set(["prefix", "delimiter", "marker", "max-keys", "encoding-type", "x-id"]);

/** The operation of an S3 request and its labels `{ Bucket, Key }`, or undefined when S3 has none we serve. */
export function s3Route(request: LocalRequest): RouteMatch | undefined {
  const [, rawQuery] = splitUrl(request.url);
  const query = new URLSearchParams(rawQuery);
  const target = bucketAndKey(request);
  const operation = operationOf(
    request.method,
    query,
    target,
    header(request, "x-amz-copy-source") !== undefined,
  );
  if (operation === undefined) return undefined;
  const labels: Record<string, string> = {};
  if (target.bucket !== undefined) labels.Bucket = target.bucket;
  if (target.key !== undefined) labels.Key = target.key;
  return { operation, labels };
}
