// An application load balancer's Lambda target: the request becomes the ALB event, the function is
// invoked as `elasticloadbalancing.amazonaws.com` for its target group (the function's resource
// policy must allow that source ARN), and the function's answer becomes the HTTP response.
// Source: Elastic Load Balancing User Guide, "Lambda functions as targets" (event and response
// structure; multi-value headers off by default: the last value of a repeated query parameter, the
// last of a repeated header; base64 for bodies that are not text).
import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { AwsClient } from "../../aws-client.js";
import { ElbError } from "./alb-errors.js";
import type { LoadBalancer, TargetGroup } from "./load-balancers.js";

const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** The ALB event of `request` for `targetGroupArn` (single-value headers and query, as AWS defaults). */
export function albEvent(request: LocalRequest, targetGroupArn: string): Record<string, unknown> {
  const mark = request.url.indexOf("?");
  const path = mark < 0 ? request.url : request.url.slice(0, mark);
  const query = dictionary<string>();
  for (const part of (mark < 0 ? "" : request.url.slice(mark + 1)).split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    // ALB passes query names and values as they were sent (still percent-encoded).
    query[equals < 0 ? part : part.slice(0, equals)] = equals < 0 ? "" : part.slice(equals + 1);
  }
  const headers = dictionary(
    Object.entries(request.headers).map(([name, values]) => [name, values.at(-1) ?? ""]),
  );
  const contentType = request.headers["content-type"]?.[0] ?? "";
  const text = request.body.length === 0 || TEXT_TYPES.test(contentType);
  return {
    requestContext: { elb: { targetGroupArn } },
    httpMethod: request.method.toUpperCase(),
    path,
    queryStringParameters: query,
    headers,
    body: text ? request.body.toString("utf8") : request.body.toString("base64"),
    isBase64Encoded: !text,
  };
}

/** The function's answer as the response the load balancer sends; a malformed one is a 502. */
export function albResponse(payload: unknown): LocalResponse {
  if (payload === null || typeof payload !== "object") {
    throw new ElbError(
      502,
      "Bad Gateway",
      `the function returned ${JSON.stringify(payload)}, not an object with statusCode`,
    );
  }
  const answer = payload as Record<string, unknown>;
  const status = Number(answer.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new ElbError(
      502,
      "Bad Gateway",
      `the function returned statusCode ${JSON.stringify(answer.statusCode)}`,
    );
  }
  const headers: Record<string, string | readonly string[]> = dictionary();
  for (const [name, value] of Object.entries((answer.headers ?? {}) as Record<string, unknown>)) {
    headers[name.toLowerCase()] = String(value);
  }
  for (const [name, values] of Object.entries((answer.multiValueHeaders ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(values)) headers[name.toLowerCase()] = values.map(String);
  }
  const body = typeof answer.body === "string" ? answer.body : "";
  return {
    status,
    headers,
    body: answer.isBase64Encoded === true ? Buffer.from(body, "base64") : body,
  };
}

/** Invokes the target group's function with the ALB event, as the load balancer's service principal. */
export async function invokeLambdaTarget(
  aws: AwsClient,
  loadBalancer: LoadBalancer,
  group: TargetGroup,
  functionArn: string,
  request: LocalRequest,
  requestId: string,
): Promise<LocalResponse> {
  const output = await aws
    .call(
      {
        caller: {
          principal: { kind: "service", service: "elasticloadbalancing.amazonaws.com" },
          account: loadBalancer.account,
          sourceArn: group.arn,
        },
        region: loadBalancer.region,
        requestId,
      },
      "lambda",
      "Invoke",
      { FunctionName: functionArn, Payload: JSON.stringify(albEvent(request, group.arn)) },
    )
    .catch((error: unknown) => {
      throw new ElbError(
        502,
        "Bad Gateway",
        `invoking ${functionArn} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  if (output.FunctionError !== undefined) {
    throw new ElbError(502, "Bad Gateway", `${functionArn} failed: ${String(output.Payload)}`);
  }
  return albResponse(JSON.parse(String(output.Payload ?? "null")) as unknown);
}
