// What a function behind a function URL receives and how its answer becomes the HTTP response
// (Lambda developer guide, "Invoking Lambda function URLs": the request and response payloads, which
// are API Gateway's payload format 2.0).
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { Principal } from "../../../iam/types.js";
import { principalUserId } from "../../caller-identity.js";
import { splitUrl } from "../../protocol/sigv4-parse.js";
import type { FunctionUrl } from "./lambda-state.js";

/** The signed caller of an AWS_IAM URL (undefined for NONE). */
export interface UrlCaller {
  readonly principal: Principal;
  readonly account: string;
  readonly accessKeyId: string;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|yaml|ld\+json)|.*\+(json|xml))/i;

/** `12/Mar/2020:19:03:58 +0000`. */
function requestTime(now: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
  );
}

function decodeQuery(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** The payload 2.0 event of one request to `url`. */
export function functionUrlEvent(
  url: FunctionUrl,
  request: LocalRequest,
  caller: UrlCaller | undefined,
  requestId: string,
  now: Date,
): Record<string, unknown> {
  const [rawPath, rawQueryString] = splitUrl(request.url);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (name !== "cookie") headers[name] = values.join(",");
  }
  const cookies = (request.headers.cookie ?? [])
    .flatMap((line) => line.split(/;\s*/))
    .filter((c) => c !== "");
  const query: Record<string, string> = {};
  for (const pair of rawQueryString === "" ? [] : rawQueryString.split("&")) {
    const [key = "", value = ""] = pair.split("=");
    const name = decodeQuery(key);
    query[name] = name in query ? `${query[name]},${decodeQuery(value)}` : decodeQuery(value);
  }
  const contentType = request.headers["content-type"]?.[0] ?? "";
  const binary = request.body.length > 0 && !TEXT_TYPES.test(contentType);
  const iam =
    caller === undefined
      ? undefined
      : {
          accessKey: caller.accessKeyId,
          accountId: caller.account,
          callerId: principalUserId(caller.principal),
          cognitoIdentity: null,
          principalOrgId: null,
          userArn:
            caller.principal.kind === "role" ? caller.principal.sessionArn : principalArn(caller.principal),
          userId: principalUserId(caller.principal),
        };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(Object.keys(query).length === 0 ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: caller === undefined ? "anonymous" : caller.account,
      apiId: url.id,
      ...(iam === undefined ? {} : { authorizer: { iam } }),
      domainName: url.host,
      domainPrefix: url.id,
      http: {
        method: request.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.source.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(request.body.length === 0
      ? {}
      : { body: binary ? request.body.toString("base64") : request.body.toString("utf8") }),
    isBase64Encoded: binary,
  };
}

function principalArn(principal: Principal): string | null {
  return principal.kind === "root" || principal.kind === "role" ? principal.arn : null;
}

/**
 * The HTTP response for a function's result (JSON text): a `statusCode` object gives its status,
 * headers, cookies (one Set-Cookie each), body and isBase64Encoded; any other JSON is a 200
 * `application/json` whose body is that JSON. undefined: a result no response can be made of.
 */
export function functionUrlResponse(payload: string): LocalResponse | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (result === null || typeof result !== "object" || !("statusCode" in result)) {
    return { status: 200, headers: { "content-type": "application/json" }, body: payload };
  }
  const shaped = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const status = Number(shaped.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(shaped.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(shaped.cookies) && shaped.cookies.length > 0) {
    headers["set-cookie"] = shaped.cookies.map(String);
  }
  const text =
    typeof shaped.body === "string"
      ? shaped.body
      : shaped.body === undefined
        ? ""
        : JSON.stringify(shaped.body);
  const body = shaped.isBase64Encoded === true ? Buffer.from(text, "base64") : text;
  return { status, headers, body };
}
