// The events VPC Lattice sends a LAMBDA target, in both structures, and the function's answer as the
// HTTP response. V2: multi-valued headers and query parameters as lists, a request context with the
// network, service, target group, caller identity, region and time in microseconds. V1: snake_case,
// repeated headers joined with ", ", the last value of a repeated query parameter. Bodies are base64
// unless text (text/*, JSON, XML, JavaScript). Source: VPC Lattice User Guide, "Lambda functions as
// targets" (event and response structures).
import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalResponse } from "../../../http/http-types.js";
import type { ForwardContext } from "./lattice-forward-context.js";

const TEXT = /^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/i;

export function latticeLambdaEvent(
  version: "V1" | "V2",
  context: ForwardContext,
  now: Date,
): Record<string, unknown> {
  const { request, path, query } = context;
  const contentType = request.headers["content-type"]?.[0] ?? "";
  const text = request.body.length === 0 || TEXT.test(contentType);
  const body =
    request.body.length === 0
      ? undefined
      : text
        ? request.body.toString("utf8")
        : request.body.toString("base64");
  if (version === "V1") {
    return {
      raw_path: request.url,
      method: request.method,
      headers: dictionary(Object.entries(request.headers).map(([k, v]) => [k, v.join(", ")])),
      query_string_parameters: dictionary(query.map(([k, v]) => [k, v])),
      ...(body === undefined ? {} : { body }),
      is_base64_encoded: !text,
    };
  }
  const queryLists = dictionary<string[]>();
  for (const [k, v] of query) queryLists[k] = [...(queryLists[k] ?? []), v];
  return {
    version: "2.0",
    path,
    method: request.method,
    headers: dictionary(Object.entries(request.headers).map(([k, v]) => [k, [...v]])),
    queryStringParameters: queryLists,
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: !text,
    requestContext: {
      serviceNetworkArn: context.network.arn,
      serviceArn: context.service.arn,
      targetGroupArn: context.group.arn,
      identity: context.identity,
      region: context.service.region,
      timeEpoch: String(now.getTime() * 1000),
    },
  };
}

/** `{statusCode, statusDescription?, headers?, body?, isBase64Encoded?}` → the response; undefined if malformed. */
export function latticeLambdaResponse(payload: unknown): LocalResponse | undefined {
  if (payload === null || typeof payload !== "object") return undefined;
  const answer = payload as Record<string, unknown>;
  const status = Number(answer.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string | readonly string[]> = dictionary();
  for (const [name, value] of Object.entries((answer.headers ?? {}) as Record<string, unknown>)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  const body = typeof answer.body === "string" ? answer.body : "";
  return { status, headers, body: answer.isBase64Encoded === true ? Buffer.from(body, "base64") : body };
}
