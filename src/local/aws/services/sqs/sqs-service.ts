// SQS on the local AWS endpoint (awsJson1_0, `X-Amz-Target: AmazonSQS.<Operation>`, as
// @aws-sdk/client-sqs ≥ 3.4xx and the AWS CLI v2 send it) and in-process (SNS deliveries, dead-letter
// queues of functions). Errors carry SQS's JSON `__type` and the query-compatible
// `x-amzn-query-error` header (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html).
import type { LocalResponse } from "../../../http/http-types.js";
import type { AwsService } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { dispatchJson } from "../../protocol/json-dispatch.js";
import { errorResponse } from "../../protocol/responses.js";
import { QUERY_CODES, type SqsDeps } from "./sqs-access.js";
import { createMessageOperations } from "./sqs-message-operations.js";
import { createQueueOperations } from "./sqs-queue-operations.js";

const CONTENT_TYPE = "application/x-amz-json-1.0";
const PROTOCOL = {
  kind: "json",
  contentType: CONTENT_TYPE,
  targetPrefix: "AmazonSQS",
  errorNamespace: "com.amazonaws.sqs",
} as const;

export function createSqsService(deps: SqsDeps): AwsService {
  const operations = { ...createQueueOperations(deps), ...createMessageOperations(deps) };
  return {
    signingName: "sqs",
    protocol: PROTOCOL,
    operations,
    implemented: Object.keys(operations),
    async handle(call): Promise<LocalResponse> {
      try {
        return await dispatchJson(call, CONTENT_TYPE, operations);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        const response = errorResponse(PROTOCOL, error, call.requestId);
        const code = QUERY_CODES[error.code] ?? error.code;
        return {
          ...response,
          headers: { ...response.headers, "x-amzn-query-error": `${code};${error.fault}` },
        };
      }
    },
  };
}
