// The parts of a LocalRequest every step reads: method, raw path, query parameters, host. Parsing
// never throws: whatever a client sends becomes some request the pipeline can answer.
import type { LocalRequest } from "../../../../http/http-types.js";

export interface InvocationRequest {
  /** Upper case. */
  readonly method: string;
  /** The path as received (not URL-decoded), always starting with `/`, without the query. */
  readonly rawPath: string;
  /**
   * Query parameters in order, names and values decoded as a form (`+` is a space, `%2B` a plus), as
   * API Gateway REST APIs decode them (AWS-recorded events: `?plus=test+alias` reaches the function as
   * `test alias`, `?email=test%2Balias` as `test+alias`; aws-cdk issue #19827).
   */
  readonly query: readonly (readonly [string, string])[];
  /** Lower case, without port. */
  readonly host: string;
  /** Lower-case media type of Content-Type without parameters; undefined when absent. */
  readonly contentType: string | undefined;
}

export function parseInvocationRequest(request: LocalRequest): InvocationRequest {
  let target = request.url;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (absolute !== null) {
    target = target.slice(absolute[0].length);
  }
  const hash = target.indexOf("#");
  if (hash >= 0) {
    target = target.slice(0, hash);
  }
  const mark = target.indexOf("?");
  const path = mark >= 0 ? target.slice(0, mark) : target;
  const search = mark >= 0 ? target.slice(mark + 1) : "";
  const contentType = request.headers["content-type"]?.[0];
  return {
    method: request.method.toUpperCase(),
    rawPath: path.startsWith("/") ? path : `/${path}`,
    query: parseQuery(search),
    host: (request.headers.host?.[0] ?? "").trim().toLowerCase().replace(/:\d+$/, ""),
    contentType: contentType === undefined ? undefined : mediaType(contentType),
  };
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(value: string): string {
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}

function parseQuery(search: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of search.split("&")) {
    if (part === "") {
      continue;
    }
    const equals = part.indexOf("=");
    const name = equals >= 0 ? part.slice(0, equals) : part;
    const value = equals >= 0 ? part.slice(equals + 1) : "";
    pairs.push([formDecode(name), formDecode(value)]);
  }
  return pairs;
}

/** `application/x-www-form-urlencoded` decoding: `+` is a space, then percent-decoding. */
export function formDecode(value: string): string {
  return safeDecode(value.replace(/\+/g, " "));
}

/** Percent-decoding that keeps malformed sequences as they are instead of throwing. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
