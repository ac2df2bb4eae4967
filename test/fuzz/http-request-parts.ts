// The parts fuzzed front-door requests are made of (http-arbitraries.ts): methods, path segments
// and queries a hostile client tries, header names and values, bodies, and the raw assembly of a
// request with its framing (Content-Length or chunked).
import * as fc from "fast-check";

export const METHODS = [
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "CONNECT",
  "get",
  "PoSt",
  "BREW",
  "M-SEARCH",
  "PURGE",
];
const tokenChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&'*+^`|".split(""),
);
export const token = fc.string({ unit: tokenChar, minLength: 1, maxLength: 20 });
export const INPUT_KEYS = [
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "prototype",
  "__defineGetter__",
];

/** Path segments a hostile client tries: encodings, traversal, input-keyed names, long ones. */
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 12 }).map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...INPUT_KEYS,
      "..",
      ".",
      "%2e%2e",
      "%2F",
      "%00",
      "%ff",
      "%zz",
      "%",
      "~",
      "v1",
      "orders",
      "ORDERS",
      "{orderId}",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => "a".repeat(n)) },
);
export const randomPath = fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join("/")}`);

const queryPair = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...INPUT_KEYS, "limit", "nextToken", "orderDate", "x"),
      fc.string({ unit: "grapheme-ascii", maxLength: 16 }),
    )
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
  fc.constantFrom(
    "a",
    "=",
    "==",
    "&&",
    "%zz=1",
    "%ff=%fe",
    "a[b]=1",
    "__proto__[polluted]=1",
    "limit=1&limit=2",
    "a=%E2%82",
  ),
);
export const randomQuery = fc.array(queryPair, { maxLength: 5 }).map((pairs) => pairs.join("&"));

const headerValue = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((v) => v.replace(/[\r\n]/g, " ")),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map((v) => v.replace(/[\r\n]/g, " ")),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 9000 }).map((n) => "v".repeat(n)) },
);
export const junkHeader = fc.oneof(
  fc.tuple(token, headerValue),
  fc.tuple(
    fc.constantFrom(
      "x-amzn-vpce-id",
      "x-forwarded-for",
      "x-amz-target",
      "authorization",
      "content-encoding",
      "accept",
      "expect",
      "idempotency-key",
      "cookie",
      "upgrade",
      "connection",
      "te",
      "x-http-method-override",
      ...INPUT_KEYS,
    ),
    headerValue,
  ),
);

export const bodyBytes: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null") },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant("") },
);
export const toBytes = (body: string | Uint8Array | null | undefined): Buffer =>
  body === null || body === undefined
    ? Buffer.alloc(0)
    : typeof body === "string"
      ? Buffer.from(body, "utf8")
      : Buffer.from(body);

/** Assembles a request; the body is sent with Content-Length, chunked, or (no body) neither. */
export function assemble(parts: {
  method: string;
  target: string;
  headers: readonly (readonly [string, string])[];
  body: Buffer;
  framing: "length" | "chunked" | "none";
  version?: string;
}): Buffer {
  const lines = [`${parts.method} ${parts.target} ${parts.version ?? "HTTP/1.1"}`];
  for (const [name, value] of parts.headers) lines.push(`${name}: ${value}`);
  let payload = parts.body;
  if (parts.framing === "length") lines.push(`Content-Length: ${parts.body.length}`);
  if (parts.framing === "chunked") {
    lines.push("Transfer-Encoding: chunked");
    const half = Math.floor(parts.body.length / 2);
    const chunks = [parts.body.subarray(0, half), parts.body.subarray(half)].filter((c) => c.length > 0);
    payload = Buffer.concat([
      ...chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from("\r\n")]),
      Buffer.from("0\r\n\r\n"),
    ]);
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), payload]);
}

export const framing = fc.constantFrom<"length" | "chunked">("length", "length", "length", "chunked");
