// The Lambda proxy integration of HTTP APIs, payload format 2.0 (API Gateway "Working with AWS Lambda
// proxy integrations for HTTP APIs"): the event the function receives and how its answer becomes the
// HTTP response (a result without `statusCode` is 200 with a JSON body).
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";

export interface EventContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  readonly routeKey: string;
  readonly stage: string;
  readonly requestId: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly now: Date;
}

const TEXT = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|.*\+json|.*\+xml)/i;

/** The payload 2.0 event of `request` (header values of repeated headers comma-joined, as AWS does). */
export function lambdaEventV2(request: LocalRequest, context: EventContext): Record<string, unknown> {
  const [, query = ""] = /^[^?]*\??(.*)$/.exec(request.url) ?? [];
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (name !== "cookie") headers[name] = values.join(",");
  }
  const cookies = (request.headers.cookie ?? [])
    .flatMap((value) => value.split(/;\s*/))
    .filter((c) => c !== "");
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    queryStringParameters[name] =
      queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
  }
  const text = TEXT.test(headers["content-type"] ?? "");
  const hasBody = request.body.length > 0;
  return {
    version: "2.0",
    routeKey: context.routeKey,
    rawPath: context.path,
    rawQueryString: query,
    ...(cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(query === "" ? {} : { queryStringParameters }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName,
      domainPrefix: context.domainName.split(".")[0],
      http: {
        method: request.method,
        path: context.path,
        protocol: "HTTP/1.1",
        sourceIp: request.source.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: context.stage,
      time: context.now.toISOString(),
      timeEpoch: context.now.getTime(),
    },
    ...(hasBody ? { body: text ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    ...(Object.keys(context.pathParameters).length === 0 ? {} : { pathParameters: context.pathParameters }),
    isBase64Encoded: hasBody && !text,
  };
}

/** The HTTP response of a function's result (payload 2.0). */
export function lambdaResultV2(result: unknown): LocalResponse {
  if (typeof result !== "object" || result === null || !("statusCode" in result)) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: typeof result === "string" ? result : JSON.stringify(result),
    };
  }
  const answer = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    body?: unknown;
    isBase64Encoded?: unknown;
    cookies?: unknown;
  };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (Array.isArray(answer.cookies) && answer.cookies.length > 0)
    headers["set-cookie"] = answer.cookies.map(String);
  const body = answer.body === undefined ? "" : String(answer.body);
  return {
    status: Number(answer.statusCode),
    headers,
    body: answer.isBase64Encoded === true ? Buffer.from(body, "base64") : body,
  };
}
