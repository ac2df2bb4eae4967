// SNS's delivery of a published message to each confirmed subscription of its topic, after the
// filter policy: Lambda functions are invoked asynchronously and SQS queues sent to through the
// in-process client as `sns.amazonaws.com` acting for the topic (aws:SourceArn, aws:SourceAccount), so
// the function's resource policy and the queue policy decide, as on AWS. A client error (denied,
// endpoint gone) is not retried: it is counted, logged and, with a RedrivePolicy, the message goes to
// the subscription's dead-letter queue (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).
// Server errors are retried three times at once (AWS's immediate phase; its back-off phases are not
// run locally).
import type { AwsClient } from "../../aws-client.js";
import { AwsError } from "../../protocol/aws-error.js";
import { lambdaEvent, messageFor, type Notification, sqsAttributes, sqsEnvelope } from "./sns-envelope.js";
import { matchesFilterPolicy } from "./sns-filter-policy.js";
import type { SnsTopics, Subscription, Topic } from "./sns-topics.js";

export interface DeliveryDeps {
  readonly aws: AwsClient;
  readonly topics: SnsTopics;
  readonly log: (line: string) => void;
}

const IMMEDIATE_RETRIES = 3;

/** `arn:aws:sqs:<region>:<account>:<name>` → the queue URL SQS accepts from any host. */
export function queueUrlOfArn(arn: string): string {
  const [, , , region, account, name] = arn.split(":");
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

export function createDelivery(deps: DeliveryDeps) {
  const snsCaller = (topic: Topic) => ({
    caller: {
      principal: { kind: "service", service: "sns.amazonaws.com" } as const,
      account: topic.account,
      sourceArn: topic.arn,
    },
  });

  async function send(topic: Topic, subscription: Subscription, notification: Notification): Promise<void> {
    if (subscription.protocol === "lambda") {
      await deps.aws.call(
        { ...snsCaller(topic), region: subscription.endpoint.split(":")[3] ?? topic.region },
        "lambda",
        "Invoke",
        {
          FunctionName: subscription.endpoint,
          InvocationType: "Event",
          Payload: JSON.stringify(lambdaEvent(notification, subscription.arn)),
        },
      );
      return;
    }
    const raw = subscription.attributes.RawMessageDelivery === "true";
    const attributes = sqsAttributes(notification.attributes);
    await deps.aws.call(
      { ...snsCaller(topic), region: subscription.endpoint.split(":")[3] ?? topic.region },
      "sqs",
      "SendMessage",
      {
        QueueUrl: queueUrlOfArn(subscription.endpoint),
        MessageBody: raw ? messageFor(notification, "sqs") : sqsEnvelope(notification, subscription.arn),
        ...(raw && Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
      },
    );
  }

  async function redrive(
    topic: Topic,
    subscription: Subscription,
    notification: Notification,
  ): Promise<void> {
    const policy = subscription.attributes.RedrivePolicy;
    if (policy === undefined || policy === "") return;
    const target = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    if (target === undefined) return;
    try {
      await deps.aws.call({ ...snsCaller(topic), region: topic.region }, "sqs", "SendMessage", {
        QueueUrl: queueUrlOfArn(target),
        MessageBody: sqsEnvelope(notification, subscription.arn),
      });
      deps.topics.counts(subscription.arn).redrivenToDlq += 1;
    } catch (error) {
      deps.log(
        `SNS ${topic.name}: could not move message ${notification.messageId} to the dead-letter queue ${target}: ${(error as Error).message}`,
      );
    }
  }

  async function deliverOne(
    topic: Topic,
    subscription: Subscription,
    notification: Notification,
  ): Promise<void> {
    const counts = deps.topics.counts(subscription.arn);
    const filter = subscription.attributes.FilterPolicy;
    if (filter !== undefined && filter !== "") {
      const scope =
        subscription.attributes.FilterPolicyScope === "MessageBody" ? "MessageBody" : "MessageAttributes";
      const body = messageFor(notification, subscription.protocol);
      if (
        !matchesFilterPolicy(
          JSON.parse(filter) as Record<string, unknown>,
          scope,
          notification.attributes,
          body,
        )
      ) {
        counts.filteredOut += 1;
        return;
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await send(topic, subscription, notification);
        counts.delivered += 1;
        return;
      } catch (error) {
        const clientError = error instanceof AwsError && error.status < 500 && error.status !== 429;
        if (!clientError && attempt < IMMEDIATE_RETRIES) continue;
        counts.failed += 1;
        deps.log(
          `SNS ${topic.name}: message ${notification.messageId} not delivered to ${subscription.protocol} ${subscription.endpoint} (${error instanceof AwsError ? error.code : "Error"}: ${(error as Error).message})${clientError ? "; client error, not retried" : ""}`,
        );
        await redrive(topic, subscription, notification);
        return;
      }
    }
  }

  /** Delivers to every confirmed subscription; resolves when each has been tried. */
  return async function deliver(topic: Topic, notification: Notification): Promise<void> {
    const subscriptions = deps.topics.subscriptionsOf(topic.arn).filter((s) => !s.pendingConfirmation);
    await Promise.all(subscriptions.map((s) => deliverOne(topic, s, notification)));
  };
}
