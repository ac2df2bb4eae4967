// The Lambda proxy integration call: API Gateway (apigateway.amazonaws.com, acting for the method's
// execute-api ARN) calls Lambda's Invoke through the in-process AWS client, so the function's
// resource-based policy is evaluated by the decision point; the function runs under the integration
// timeout. Outcomes map to AWS's: permission missing 500, function error (timeout included) 502,
// throttled 500, integration timeout 504.

import type { AwsClient } from "../../../aws-client.js";
import { AwsError } from "../../../protocol/aws-error.js";
import { executeApiArn } from "../execute-api-arn.js";
import { integrationTimeout, internalServerError, requestTooLarge } from "./gateway-error.js";
import type { ProxyEvent } from "./proxy-event.js";
import type { ApiTarget } from "./resolve-endpoint.js";
import type { Route } from "./route-request.js";

export interface LambdaProxyIntegration {
  readonly functionArn: string;
  readonly integrationHttpMethod: string;
  readonly timeoutMs: number;
}

/**
 * The SourceArn API Gateway presents to Lambda: the method's resource path with path parameters as
 * `*` (what `AWS::Lambda::Permission` SourceArns such as `.../v1/GET/orders/*` are written against).
 */
export function integrationSourceArn(target: ApiTarget, route: Route, method: string): string {
  const path = route.resource.path.replace(/\{[^{}]+\}/g, "*");
  const { api } = target;
  return executeApiArn(api.region, api.account, api.id, target.stage.name, method, path);
}

export async function invokeLambdaProxy(
  aws: AwsClient,
  integration: LambdaProxyIntegration,
  input: {
    readonly target: ApiTarget;
    readonly route: Route;
    readonly event: ProxyEvent;
    readonly requestId: string;
  },
): Promise<unknown> {
  const { target, route, event } = input;
  if (integration.integrationHttpMethod.toUpperCase() !== "POST") {
    throw internalServerError(
      500,
      `Execution failed due to configuration error: AWS_PROXY to Lambda needs IntegrationHttpMethod POST, not ${integration.integrationHttpMethod}`,
    );
  }
  const sourceArn = integrationSourceArn(target, route, event.httpMethod);
  const invocation = aws.call(
    {
      caller: {
        principal: { kind: "service", service: "apigateway.amazonaws.com" },
        account: target.api.account,
        sourceArn,
      },
      region: target.api.region,
      requestId: input.requestId,
    },
    "lambda",
    "Invoke",
    { FunctionName: integration.functionArn, Payload: JSON.stringify(event) },
  );
  const output = await withTimeout(
    invocation.catch((error: unknown) => {
      throw invocationError(error, integration.functionArn, sourceArn);
    }),
    integration.timeoutMs,
  );
  if (output === "timed-out") {
    throw integrationTimeout(`Execution failed due to a timeout error after ${integration.timeoutMs} ms`);
  }
  const requestId = (output.$metadata as { requestId?: string } | undefined)?.requestId ?? input.requestId;
  const payload = JSON.parse(String(output.Payload ?? "null")) as unknown;
  if (output.FunctionError !== undefined) {
    const { errorType, errorMessage } = (payload ?? {}) as { errorType?: string; errorMessage?: string };
    const cause = errorType === "Sandbox.Timedout" ? "Task timed out" : `${errorType}: ${errorMessage}`;
    throw internalServerError(
      502,
      `Lambda execution failed with status 200 due to customer function error: ${cause}. Lambda request id: ${requestId}`,
    );
  }
  return payload;
}

/** What API Gateway logs when Lambda refuses or fails the call: the client sees 500 (413 for an event too large). */
export function invocationError(error: unknown, functionArn: string, sourceArn: string) {
  const code = error instanceof AwsError ? error.code : undefined;
  switch (code) {
    case "AccessDeniedException":
      return internalServerError(
        500,
        `Execution failed due to configuration error: Invalid permissions on Lambda function ${functionArn} (no lambda:InvokeFunction for apigateway.amazonaws.com with SourceArn ${sourceArn})`,
      );
    case "TooManyRequestsException":
      return internalServerError(
        500,
        `Lambda invocation of ${functionArn} failed with status: 429 (Rate Exceeded)`,
      );
    case "RequestEntityTooLargeException":
      return requestTooLarge(
        `Lambda refused the event for ${functionArn} before running it: ${error instanceof Error ? error.message : ""}`,
      );
    case "ResourceNotFoundException":
      return internalServerError(
        500,
        `Execution failed due to configuration error: Invalid Lambda function ${functionArn}`,
      );
    default:
      return internalServerError(
        500,
        `Lambda invocation failed: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}

export async function withTimeout<T>(invocation: Promise<T>, timeoutMs: number): Promise<T | "timed-out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), timeoutMs);
  });
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
