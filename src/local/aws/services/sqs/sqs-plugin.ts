// SQS: standard queues from the templates (AWS::SQS::Queue, AWS::SQS::QueuePolicy) and the queue API
// for SDKs and the CLI, every call checked by the decision point with the queue policy. Messages are
// kept under the data directory, so dead-letter queues and undelivered messages survive a restart.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createSqsProviders } from "./sqs-providers.js";
import { SqsQueues } from "./sqs-queues.js";
import { createSqsService } from "./sqs-service.js";

export const sqsPlugin: ServicePlugin = {
  name: "sqs",
  start(platform) {
    const queues = new SqsQueues(platform.inMemory ? undefined : platform.dataDir("sqs"));
    const endpointUrl = () => platform.awsEndpointUrl();
    return {
      providers: createSqsProviders({ queues, endpointUrl }),
      api: createSqsService({ authorizer: platform.authorizer, queues, endpointUrl }),
      stop() {
        queues.flush();
      },
    };
  },
};
