// DynamoDB (awsJson1_0): every supported operation is IAM-checked as the caller (`dynamodb:<Action>`
// on the table or index ARN, with the table's resource policy), then forwarded to the account's
// database in the engine (dynamodb-execute.ts). On the wire the engine's response (status, body,
// x-amz-crc32) comes back unchanged; in-process callers (API Gateway's AWS integrations, custom
// resources) call the same operations with SDK-shaped input and get the parsed output, or the
// engine's error as an AwsError with DynamoDB's `__type` namespace.
import type { LocalResponse } from "../../../http/http-types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { parseJsonInput } from "../../protocol/json-dispatch.js";
import { DYNAMODB_TARGET_PREFIX, type DynamoDbExecuteDeps, executeDynamoDb } from "./dynamodb-execute.js";
import { DYNAMODB_OPERATIONS } from "./dynamodb-operations.js";

export type DynamoDbServiceDeps = DynamoDbExecuteDeps;

export function createDynamoDbService(deps: DynamoDbServiceDeps): AwsService {
  const operations: Record<string, AwsOperation> = {};
  for (const name of Object.keys(DYNAMODB_OPERATIONS)) {
    operations[name] = async (input, context) => outputOf(await executeDynamoDb(deps, name, input, context));
  }
  return {
    signingName: "dynamodb",
    protocol: {
      kind: "json",
      contentType: "application/x-amz-json-1.0",
      targetPrefix: DYNAMODB_TARGET_PREFIX,
      errorNamespace: "com.amazonaws.dynamodb.v20120810",
    },
    operations,
    implemented: Object.keys(DYNAMODB_OPERATIONS),
    handle: (call) =>
      executeDynamoDb(deps, call.operation, parseJsonInput(call.request.body), call, call.request.body),
  };
}

/** The engine's JSON answer as SDK-shaped output, or its error (`{"__type": "<ns>#<Code>", "message"}`). */
function outputOf(response: LocalResponse): Record<string, unknown> {
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
