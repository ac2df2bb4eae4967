// The Lambda proxy output format: { statusCode, headers, multiValueHeaders, body, isBase64Encoded }
// and nothing else. Anything else is "Malformed Lambda proxy response" (502), as on AWS: a body that
// is not a string, headers that are not an object of strings, unknown keys, a non-object payload.
import { dictionary } from "../../../../../shared/dictionary.js";
import type { LocalRequest, LocalResponse } from "../../../../http/http-types.js";
import type { RestApi } from "../api-gateway-state.js";
import { isBinaryMediaType } from "./binary-media-types.js";
import { internalServerError } from "./gateway-error.js";
import { mediaType } from "./invocation-request.js";

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);
/** Set by the HTTP layer, never taken from the function. */
const TRANSPORT_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);

export function mapProxyResponse(payload: unknown, api: RestApi, request: LocalRequest): LocalResponse {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw malformed(
      `the function returned ${payload === null ? "null" : Array.isArray(payload) ? "an array" : typeof payload}`,
    );
  }
  const output = payload as Record<string, unknown>;
  const unknown = Object.keys(output).filter((key) => !ALLOWED_KEYS.has(key));
  if (unknown.length > 0) {
    throw malformed(`unexpected keys ${unknown.join(", ")}`);
  }
  const status = statusOf(output.statusCode);
  const headers = mergeHeaders(output.headers, output.multiValueHeaders);
  const { body, isBase64Encoded } = output;
  if (body !== undefined && body !== null && typeof body !== "string") {
    throw malformed(`body must be a string, not ${typeof body}`);
  }
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== "boolean") {
    throw malformed("isBase64Encoded must be a boolean");
  }
  headers["content-type"] ??= ["application/json"];
  const text = body ?? "";
  const binary = isBase64Encoded === true && acceptsBinary(request, api.binaryMediaTypes);
  return {
    status,
    headers: flatten(headers),
    body: binary ? Buffer.from(text, "base64") : text,
  };
}

function malformed(reason: string) {
  return internalServerError(
    502,
    `Execution failed due to configuration error: Malformed Lambda proxy response (${reason})`,
  );
}

function statusOf(value: unknown): number {
  if (value === undefined || value === null) {
    return 200;
  }
  const status =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw malformed(`statusCode ${JSON.stringify(value)} is not an HTTP status code`);
  }
  return status;
}

function headerValue(value: unknown, name: string): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "boolean") {
    return value ? "true" : "false";
  }
  throw malformed(`header ${name} has a ${typeof value} value`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Both maps merged; a name in multiValueHeaders keeps its values, plus the headers value if different. */
function mergeHeaders(single: unknown, multi: unknown): Record<string, string[]> {
  if (
    (single !== undefined && single !== null && !isRecord(single)) ||
    (multi !== undefined && multi !== null && !isRecord(multi))
  ) {
    throw malformed("headers and multiValueHeaders must be objects");
  }
  const out: Record<string, string[]> = dictionary();
  for (const [name, value] of Object.entries(single ?? {})) {
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) {
      out[name.toLowerCase()] = [headerValue(value, name)];
    }
  }
  for (const [name, values] of Object.entries(multi ?? {})) {
    if (!Array.isArray(values)) {
      throw malformed(`multiValueHeaders.${name} must be a list`);
    }
    const key = name.toLowerCase();
    if (TRANSPORT_HEADERS.has(key)) {
      continue;
    }
    const merged = values.map((value) => headerValue(value, name));
    const fromSingle = out[key]?.[0];
    out[key] = fromSingle !== undefined && !merged.includes(fromSingle) ? [fromSingle, ...merged] : merged;
  }
  return out;
}

function flatten(headers: Record<string, string[]>): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = dictionary();
  for (const [name, values] of Object.entries(headers)) {
    out[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return out;
}

/** AWS returns binary only when the client's Accept header names a binary media type of the API. */
function acceptsBinary(request: LocalRequest, binaryMediaTypes: readonly string[]): boolean {
  const accept = (request.headers.accept ?? []).flatMap((value) => value.split(","));
  return accept.some((value) => isBinaryMediaType(mediaType(value), binaryMediaTypes));
}
