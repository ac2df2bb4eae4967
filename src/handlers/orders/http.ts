// HTTP helpers for API Gateway REST (v1) Lambda proxy responses. The one place where error codes
// become status codes.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { OrderError, OrderErrorCode } from "./order-error.js";

export const STATUS_BY_CODE: Readonly<Record<OrderErrorCode, number>> = {
  INVALID_BODY: 400,
  BODY_TOO_LARGE: 400,
  INVALID_FIELD: 400,
  UNKNOWN_OPTION: 400,
  INVALID_ORDER_ID: 400,
  INVALID_DATE: 400,
  INVALID_LIMIT: 400,
  INVALID_TOKEN: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  NOT_FOUND: 404,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_CONFLICT: 422,
};

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(error: OrderError): APIGatewayProxyResult {
  return jsonResponse(STATUS_BY_CODE[error.code], { message: error.message });
}

type HeaderSource = Pick<APIGatewayProxyEvent, "headers" | "multiValueHeaders">;

/**
 * Every value sent for a header, matched case-insensitively in both `headers` and
 * `multiValueHeaders` (API Gateway fills both; tests and other front doors may fill one).
 * Duplicates of the same value are folded.
 */
export function headerValues(event: HeaderSource, name: string): string[] {
  const wanted = name.toLowerCase();
  const values = new Set<string>();
  for (const [key, list] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted) {
      for (const value of list ?? []) {
        values.add(value);
      }
    }
  }
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) {
      values.add(value);
    }
  }
  return [...values];
}
