// SNS: standard topics with their topic policies (the default policy when none is set), subscriptions
// from templates and the API, Publish/PublishBatch, and delivery to Lambda (asynchronous Invoke as
// sns.amazonaws.com for the topic: the function's resource policy decides) and to SQS (the queue
// policy decides), with filter policies, raw delivery and subscription dead-letter queues.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createDelivery } from "./sns-delivery.js";
import { createSnsProviders } from "./sns-providers.js";
import { createSnsService } from "./sns-service.js";
import { SnsTopics } from "./sns-topics.js";

export const snsPlugin: ServicePlugin = {
  name: "sns",
  start(platform) {
    const topics = new SnsTopics();
    const deps = {
      authorizer: platform.authorizer,
      topics,
      aws: platform.aws,
      log: (line: string) => platform.log(line),
    };
    return {
      providers: createSnsProviders(deps),
      api: createSnsService(deps, createDelivery(deps)),
    };
  },
};
