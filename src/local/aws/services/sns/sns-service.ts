// SNS on the local AWS endpoint (awsQuery, as @aws-sdk/client-sns and the AWS CLI send it) and
// in-process (Lambda destinations and dead-letter topics).
import type { AwsService } from "../../aws-service.js";
import { queryResult } from "../../protocol/responses.js";
import type { SnsDeps } from "./sns-access.js";
import type { createDelivery } from "./sns-delivery.js";
import { createPublishOperations } from "./sns-publish.js";
import { queryInput, queryOutputXml } from "./sns-query.js";
import { createSubscriptionOperations } from "./sns-subscription-operations.js";
import { createTopicOperations } from "./sns-topic-operations.js";

const XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

export function createSnsService(deps: SnsDeps, deliver: ReturnType<typeof createDelivery>): AwsService {
  const operations = {
    ...createTopicOperations(deps),
    ...createSubscriptionOperations(deps),
    ...createPublishOperations(deps, deliver),
  };
  return {
    signingName: "sns",
    protocol: { kind: "query", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call) {
      const operation = operations[call.operation as keyof typeof operations];
      const output = await (operation as NonNullable<typeof operation>)(queryInput(call.params), call);
      return queryResult(XMLNS, call.operation, queryOutputXml(output), call.requestId);
    },
  };
}
