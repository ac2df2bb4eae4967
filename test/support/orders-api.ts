// Calling the orders handlers the way API Gateway does, and reading their JSON answers.
import type { APIGatewayProxyResult } from "aws-lambda";
import { expect } from "vitest";
import { apiGatewayEvent, lambdaContext } from "./api-gateway-event.js";
import type { ProxyHandler } from "./handler-module.js";

export interface PostInit {
  headers?: Record<string, string | string[]>;
  isBase64Encoded?: boolean;
  requestId?: string;
}

export function postOrder(
  handler: ProxyHandler,
  body: string | null,
  init: PostInit = {},
): Promise<APIGatewayProxyResult> {
  return handler(apiGatewayEvent({ method: "POST", resource: "/orders", body, ...init }), lambdaContext());
}

/** The parsed JSON body, after checking the response says it is JSON. */
export function jsonBody(response: APIGatewayProxyResult): unknown {
  expect(response.headers?.["Content-Type"]).toBe("application/json");
  return JSON.parse(response.body);
}
