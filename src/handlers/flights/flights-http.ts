// API Gateway (REST, Lambda proxy) responses of the flights APIs: JSON with the seed's CORS header.
import type { APIGatewayProxyResult } from "aws-lambda";

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", ...headers },
    body: JSON.stringify(body),
  };
}

/** 400 with `{ message }`, the answer to every bad input (the seed's 502). */
export function badRequest(message: string): APIGatewayProxyResult {
  return jsonResponse(400, { message });
}

/** A required environment variable, or a cold-start failure naming it. */
export function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === "")
    throw new Error(`environment variable ${name} is required (${what})`);
  return value;
}

/** One JSON log line (Lambda's JSON log format keeps it as is). */
export function log(
  level: "INFO" | "WARN" | "ERROR",
  message: string,
  extra: Record<string, unknown> = {},
): void {
  console.log(JSON.stringify({ level, message, ...extra }));
}
