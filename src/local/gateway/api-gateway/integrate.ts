// The Lambda proxy integration call: API Gateway (apigateway.amazonaws.com) must be allowed by the
// function's resource-based policy for the method's SourceArn, then the function runs under the
// integration timeout. Outcomes map to AWS's: permission missing 500, function error (timeout
// included) 502, throttled 500, integration timeout 504.
import { executeApiArn } from "../../aws/services/apigateway/execute-api-arn.js";
import type { InvokeResult } from "../../lambda/types.js";
import type { LambdaInvoker, LambdaPermissionCheck } from "./deps.js";
import { integrationTimeout, internalServerError } from "./gateway-error.js";
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
  deps: { readonly lambda: LambdaInvoker; readonly permissions: LambdaPermissionCheck },
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
  const allowed = deps.permissions.allows({
    functionArn: integration.functionArn,
    principal: "apigateway.amazonaws.com",
    sourceArn,
    sourceAccount: target.api.account,
  });
  if (!allowed) {
    throw internalServerError(
      500,
      `Execution failed due to configuration error: Invalid permissions on Lambda function ${integration.functionArn} (no lambda:InvokeFunction for apigateway.amazonaws.com with SourceArn ${sourceArn})`,
    );
  }
  const result = await withTimeout(
    deps.lambda.invoke(integration.functionArn, event, { requestId: input.requestId }),
    integration.timeoutMs,
  );
  if (result === "timed-out") {
    throw integrationTimeout(`Execution failed due to a timeout error after ${integration.timeoutMs} ms`);
  }
  return payloadOf(result, integration.functionArn);
}

function payloadOf(result: InvokeResult, functionArn: string): unknown {
  switch (result.kind) {
    case "success":
      return result.payload;
    case "error":
      throw internalServerError(
        502,
        `Lambda execution failed with status 200 due to customer function error: ${result.errorType}: ${result.errorMessage}. Lambda request id: ${result.requestId}`,
      );
    case "timeout":
      throw internalServerError(
        502,
        `Lambda execution failed with status 200 due to customer function error: Task timed out. Lambda request id: ${result.requestId}`,
      );
    case "throttled":
      throw internalServerError(
        500,
        `Lambda invocation of ${functionArn} failed with status: 429 (Rate Exceeded)`,
      );
  }
}

async function withTimeout(
  invocation: Promise<InvokeResult>,
  timeoutMs: number,
): Promise<InvokeResult | "timed-out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), timeoutMs);
  });
  try {
    return await Promise.race([
      invocation.catch((error: unknown) => {
        throw internalServerError(
          500,
          `Lambda invocation failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
