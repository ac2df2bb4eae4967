// The wire adapter of JSON-protocol services whose operations take and return SDK-shaped objects.
import type { LocalResponse } from "../../http/http-types.js";
import type { AwsCall, AwsOperation } from "../aws-service.js";
import { AwsError, CORAL_NAMESPACE } from "./aws-error.js";
import { jsonResult } from "./responses.js";

export function parseJsonInput(body: Buffer): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(body.length === 0 ? "{}" : body.toString("utf8"));
    if (input !== null && typeof input === "object" && !Array.isArray(input))
      return input as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AwsError(
    "SerializationException",
    "The request body is not a JSON object.",
    400,
    CORAL_NAMESPACE,
  );
}

export async function dispatchJson(
  call: AwsCall,
  contentType: string,
  operations: Readonly<Record<string, AwsOperation>>,
): Promise<LocalResponse> {
  const operation = Object.hasOwn(operations, call.operation) ? operations[call.operation] : undefined;
  if (operation === undefined) {
    throw new AwsError(
      "UnknownOperationException",
      `Unknown operation ${call.operation}`,
      400,
      CORAL_NAMESPACE,
    );
  }
  const output = await operation(parseJsonInput(call.request.body), call);
  return jsonResult(contentType, output, call.requestId);
}

/** A required string member of an input, or the service's ValidationException-style error. */
export function requiredString(
  input: Readonly<Record<string, unknown>>,
  member: string,
  errorCode: string,
): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw new AwsError(
      errorCode,
      `${member} is required and must be a non-empty string; received ${JSON.stringify(value ?? null)}.`,
    );
  }
  return value;
}
