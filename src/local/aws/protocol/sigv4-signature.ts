// SigV4 signatures computed with node:crypto: verification of incoming requests and signing of the
// requests the endpoint forwards (to DynamoDB Local). Signing keys are cached per secret and scope,
// since every request on the hot path would otherwise derive the same key again.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ownValue } from "../../../shared/dictionary.js";
import type { LocalRequest } from "../../http/http-types.js";
import { parseAmzDate, SIGV4_ALGORITHM, type SigV4Signature, splitUrl } from "./sigv4-parse.js";

/**
 * How far the signing time may be from the endpoint's clock, either way: 5 minutes, as AWS's
 * verifier allows ("Signature expired: … (… - 5 min.)", "Signature not yet current: … (… + 5 min.)").
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** AWS's wording when `host` is not among the signed headers. */
export const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
const SIGNING_KEY_CACHE_LIMIT = 512;
const EMPTY_SHA256 = createHash("sha256").digest("hex");

export type SigV4Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "mismatch" | "expired"; readonly message: string };

/** RFC 3986 percent-encoding, as SigV4 canonicalization requires. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const joined = `/${segments.join("/")}`;
  return path.endsWith("/") && joined !== "/" ? `${joined}/` : joined;
}

/**
 * S3's canonical URI: the path as sent, each segment URI-encoded once (no double encoding, no
 * normalization of `.`, `..` or empty segments), as the S3 SigV4 documentation specifies.
 */
function s3CanonicalPath(path: string): string {
  return path
    .split("/")
    .map((segment) => uriEncode(safeDecode(segment)))
    .join("/");
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
    if (key === "X-Amz-Signature") continue;
    pairs.push([uriEncode(key), uriEncode(eq === -1 ? "" : safeDecode(part.slice(eq + 1)))]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function canonicalHeaderValue(values: readonly string[] | undefined): string {
  return (values ?? []).map((v) => v.trim().replace(/\s+/g, " ")).join(",");
}

function sha256Hex(data: Buffer | string): string {
  return data.length === 0 ? EMPTY_SHA256 : createHash("sha256").update(data).digest("hex");
}

function canonicalRequest(
  method: string,
  url: string,
  headers: Readonly<Record<string, readonly string[]>>,
  signedHeaders: readonly string[],
  payloadHash: string,
  service?: string,
): string {
  const [path, query] = splitUrl(url);
  const uri = service === "s3" ? s3CanonicalPath(path) : canonicalPath(path);
  const headerLines = signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(ownValue(headers, name))}\n`)
    .join("");
  return `${method}\n${uri}\n${canonicalQuery(query)}\n${headerLines}\n${signedHeaders.join(";")}\n${payloadHash}`;
}

const signingKeys = new Map<string, Buffer>();

function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secretAccessKey}\u0000${date}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    const kDate = createHmac("sha256", `AWS4${secretAccessKey}`).update(date).digest();
    const kRegion = createHmac("sha256", kDate).update(region).digest();
    const kService = createHmac("sha256", kRegion).update(service).digest();
    key = createHmac("sha256", kService).update("aws4_request").digest();
    if (signingKeys.size >= SIGNING_KEY_CACHE_LIMIT) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function signatureOf(
  secretAccessKey: string,
  scope: { date: string; region: string; service: string },
  amzDate: string,
  canonical: string,
): string {
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = `${SIGV4_ALGORITHM}\n${amzDate}\n${credentialScope}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", signingKey(secretAccessKey, scope.date, scope.region, scope.service))
    .update(stringToSign)
    .digest("hex");
}

function payloadHashOf(request: LocalRequest): string {
  const declared = request.headers["x-amz-content-sha256"]?.[0];
  // S3's streaming uploads (aws-chunked) sign the literal `STREAMING-…` value; chunk signatures are
  // not checked locally (the body is decoded by the S3 service).
  return declared === "UNSIGNED-PAYLOAD" || declared?.startsWith("STREAMING-") === true
    ? declared
    : sha256Hex(request.body);
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * Whether the signing time is within AWS's window of `now`: 5 minutes either way for a signed
 * request; for a presigned URL, from 5 minutes before its X-Amz-Date until X-Amz-Expires after it.
 * `expired` carries AWS's message, e.g. `Signature expired: 20240101T000000Z is now earlier than
 * 20240101T000500Z (20240101T001000Z - 5 min.)` or `Signature not yet current: 20240101T001600Z is
 * still later than 20240101T001500Z (20240101T001000Z + 5 min.)`.
 */
export function checkSigningTime(signature: SigV4Signature, now: Date): SigV4Verification {
  const signedAt = parseAmzDate(signature.amzDate).getTime();
  const clock = now.getTime();
  const latest = clock + MAX_CLOCK_SKEW_MS;
  if (Number.isNaN(signedAt) || signedAt > latest) {
    return {
      ok: false,
      reason: "expired",
      message: `Signature not yet current: ${signature.amzDate} is still later than ${formatAmzDate(new Date(latest))} (${formatAmzDate(now)} + 5 min.)`,
    };
  }
  const windowMs = signature.presigned ? (signature.expiresSeconds ?? 0) * 1000 : MAX_CLOCK_SKEW_MS;
  const earliest = clock - windowMs;
  if (signedAt < earliest) {
    const window = signature.presigned ? `${signature.expiresSeconds ?? 0} sec.` : "5 min.";
    return {
      ok: false,
      reason: "expired",
      message: `Signature expired: ${signature.amzDate} is now earlier than ${formatAmzDate(new Date(earliest))} (${formatAmzDate(now)} - ${window})`,
    };
  }
  return { ok: true };
}

/** The signing time (checkSigningTime), `host` among the signed headers, then the signature itself. */
export function verifySigV4(
  request: LocalRequest,
  signature: SigV4Signature,
  secretAccessKey: string,
  now: Date,
): SigV4Verification {
  const time = checkSigningTime(signature, now);
  if (!time.ok) return time;
  if (!signature.signedHeaders.includes("host")) {
    return { ok: false, reason: "mismatch", message: HOST_NOT_SIGNED };
  }
  const canonical = canonicalRequest(
    request.method,
    request.url,
    request.headers,
    signature.signedHeaders,
    payloadHashOf(request),
    signature.service,
  );
  const expected = signatureOf(
    secretAccessKey,
    { date: signature.scopeDate, region: signature.region, service: signature.service },
    signature.amzDate,
    canonical,
  );
  const given = Buffer.from(signature.signature);
  const match = given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
  return match
    ? { ok: true }
    : {
        ok: false,
        reason: "mismatch",
        message:
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      };
}

export interface OutgoingRequest {
  readonly method: string;
  /** Path and query, e.g. `/`. */
  readonly url: string;
  /** Lower-case names; `host` must be present. Every header given is signed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

/** The headers of `request` plus `x-amz-date` and `authorization`, signed with the given key. */
export function signOutgoing(
  request: OutgoingRequest,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  scope: { readonly region: string; readonly service: string },
  now: Date,
): Record<string, string> {
  const amzDate = formatAmzDate(now);
  const headers: Record<string, string> = { ...request.headers, "x-amz-date": amzDate };
  const names = Object.keys(headers).sort();
  const lists = Object.fromEntries(names.map((name) => [name, [headers[name] ?? ""]]));
  const canonical = canonicalRequest(request.method, request.url, lists, names, sha256Hex(request.body));
  const date = amzDate.slice(0, 8);
  const signature = signatureOf(credentials.secretAccessKey, { date, ...scope }, amzDate, canonical);
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${credentials.accessKeyId}/${date}/${scope.region}/${scope.service}/aws4_request, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}
