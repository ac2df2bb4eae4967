// DynamoDB (awsJson1_0): every supported operation is IAM-checked as the caller (`dynamodb:<Action>`
// on the table or index ARN, with the table's resource policy), then forwarded to the account's
// database in the engine (dynamodb-execute.ts). On the wire the engine's response (status, body,
// x-amz-crc32) comes back unchanged; in-process callers (API Gateway's AWS integrations, custom
// resources) call the same operations with SDK-shaped input and get the parsed output, or the
// engine's error as an AwsError with DynamoDB's `__type` namespace.
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { parseJsonInput } from "../../protocol/json-dispatch.js";
import { DYNAMODB_TARGET_PREFIX, type DynamoDbExecuteDeps, executeDynamoDb } from "./dynamodb-execute.js";
import { DYNAMODB_OPERATIONS } from "./dynamodb-operations.js";
import { outputOf } from "./dynamodb-output.js";
import { createStreamsOperations } from "./dynamodb-streams-operations.js";

export type DynamoDbServiceDeps = DynamoDbExecuteDeps;

export function createDynamoDbService(deps: DynamoDbServiceDeps): AwsService {
  const operations: Record<string, AwsOperation> = {};
  for (const name of Object.keys(DYNAMODB_OPERATIONS)) {
    operations[name] = async (input, context) => outputOf(await executeDynamoDb(deps, name, input, context));
  }
  // DynamoDB Streams, in-process only (event source mappings): its own API is not on the wire yet.
  Object.assign(operations, createStreamsOperations(deps));
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
