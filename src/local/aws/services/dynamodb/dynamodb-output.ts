// The engine's answers as in-process callers get them: SDK-shaped output, or an AwsError.
import type { LocalResponse } from "../../../http/http-types.js";
import { AwsError } from "../../protocol/aws-error.js";

/** The engine's JSON answer as SDK-shaped output, or its error (`{"__type": "<ns>#<Code>", "message"}`). */
export function outputOf(response: LocalResponse): Record<string, unknown> {
  const text = typeof response.body === "string" ? response.body : response.body.toString("utf8");
  let output: Record<string, unknown> = {};
  try {
    output = JSON.parse(text === "" ? "{}" : text) as Record<string, unknown>;
  } catch {
    throw new AwsError(
      "InternalServerError",
      `DynamoDB's engine answered ${response.status} with a body that is not JSON.`,
      500,
    );
  }
  if (response.status < 300) return output;
  const type = typeof output.__type === "string" ? output.__type : "InternalServerError";
  const hash = type.lastIndexOf("#");
  const message = output.message ?? output.Message;
  throw new AwsError(
    hash < 0 ? type : type.slice(hash + 1),
    typeof message === "string" ? message : "",
    response.status,
    hash < 0 ? undefined : type.slice(0, hash),
  );
}
