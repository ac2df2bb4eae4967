// SNS topic operations: CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes,
// ListSubscriptionsByTopic (pages of 100), ListSubscriptions.
// https://docs.aws.amazon.com/sns/latest/api/API_Operations.html
import type { AwsOperation } from "../../aws-service.js";
import { authorizeTopic, invalidParameter, requiredText, type SnsDeps, topicOf } from "./sns-access.js";
import type { Subscription } from "./sns-topics.js";

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ATTRIBUTES = new Set([
  "DisplayName",
  "Policy",
  "DeliveryPolicy",
  "KmsMasterKeyId",
  "TracingConfig",
  "SignatureVersion",
  "DataProtectionPolicy",
]);
const PAGE = 100;

function listed(subscription: Subscription) {
  return {
    SubscriptionArn: subscription.pendingConfirmation ? "PendingConfirmation" : subscription.arn,
    Owner: subscription.owner,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    TopicArn: subscription.topicArn,
  };
}

function page<T>(items: readonly T[], token: unknown): { page: T[]; next?: string } {
  const start = typeof token === "string" && token !== "" ? Number(token) || 0 : 0;
  const next = start + PAGE < items.length ? String(start + PAGE) : undefined;
  return { page: items.slice(start, start + PAGE), ...(next === undefined ? {} : { next }) };
}

export function createTopicOperations(deps: SnsDeps): Record<string, AwsOperation> {
  return {
    async CreateTopic(input, context) {
      const name = requiredText(input, "Name");
      if (
        name.endsWith(".fifo") ||
        (input.Attributes !== undefined && (input.Attributes as Record<string, string>).FifoTopic === "true")
      ) {
        throw invalidParameter(
          "Attributes Reason: accountmesh runs standard topics only; FIFO topics are not supported locally.",
        );
      }
      if (!TOPIC_NAME.test(name)) {
        throw invalidParameter(
          "Topic Name Reason: Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.",
        );
      }
      const arn = `arn:aws:sns:${context.region}:${context.caller.account}:${name}`;
      authorizeTopic(deps, context, "CreateTopic", {
        arn,
        account: context.caller.account,
        region: context.region,
        name,
        attributes: {},
      });
      const attributes = (input.Attributes ?? {}) as Record<string, string>;
      for (const key of Object.keys(attributes)) {
        if (!TOPIC_ATTRIBUTES.has(key)) throw invalidParameter(`Attributes Reason: Unknown attribute ${key}`);
      }
      const topic = deps.topics.addTopic(context.caller.account, context.region, name, attributes);
      return { TopicArn: topic.arn };
    },
    async DeleteTopic(input, context) {
      const arn = requiredText(input, "TopicArn");
      const topic = deps.topics.topic(arn);
      if (topic === undefined) return {};
      authorizeTopic(deps, context, "DeleteTopic", topic);
      deps.topics.removeTopic(arn);
      return {};
    },
    async ListTopics(input, context) {
      const topics = deps.topics.topics(context.caller.account, context.region);
      const { page: items, next } = page(topics, input.NextToken);
      return {
        Topics: items.map((t) => ({ TopicArn: t.arn })),
        ...(next === undefined ? {} : { NextToken: next }),
      };
    },
    async GetTopicAttributes(input, context) {
      const topic = topicOf(deps, input.TopicArn);
      authorizeTopic(deps, context, "GetTopicAttributes", topic);
      const subscriptions = deps.topics.subscriptionsOf(topic.arn);
      return {
        Attributes: {
          TopicArn: topic.arn,
          Owner: topic.account,
          DisplayName: "",
          SubscriptionsConfirmed: String(subscriptions.filter((s) => !s.pendingConfirmation).length),
          SubscriptionsPending: String(subscriptions.filter((s) => s.pendingConfirmation).length),
          SubscriptionsDeleted: "0",
          EffectiveDeliveryPolicy: JSON.stringify({
            http: { defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3 } },
          }),
          ...topic.attributes,
        },
      };
    },
    async SetTopicAttributes(input, context) {
      const topic = topicOf(deps, input.TopicArn);
      authorizeTopic(deps, context, "SetTopicAttributes", topic);
      const name = requiredText(input, "AttributeName");
      if (!TOPIC_ATTRIBUTES.has(name))
        throw invalidParameter(`AttributeName Reason: Unknown attribute ${name}`);
      const value = typeof input.AttributeValue === "string" ? input.AttributeValue : "";
      if (name === "Policy") {
        try {
          JSON.parse(value);
        } catch {
          throw invalidParameter("Policy Reason: failed to parse JSON");
        }
      }
      topic.attributes[name] = value;
      return {};
    },
    async ListSubscriptionsByTopic(input, context) {
      const topic = topicOf(deps, input.TopicArn);
      authorizeTopic(deps, context, "ListSubscriptionsByTopic", topic);
      const { page: items, next } = page(deps.topics.subscriptionsOf(topic.arn), input.NextToken);
      return { Subscriptions: items.map(listed), ...(next === undefined ? {} : { NextToken: next }) };
    },
    async ListSubscriptions(input, context) {
      const own = deps.topics.subscriptions().filter((s) => s.owner === context.caller.account);
      const { page: items, next } = page(own, input.NextToken);
      return { Subscriptions: items.map(listed), ...(next === undefined ? {} : { NextToken: next }) };
    },
  };
}
