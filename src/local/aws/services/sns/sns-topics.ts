// SNS's state: topics (attributes, the topic policy) and their subscriptions, by ARN, with the
// delivery counters SNS reports as CloudWatch metrics (NumberOfNotificationsDelivered, ...Failed,
// ...FilteredOut, ...RedrivenToDlq). Topics and subscriptions come from the templates on every start.
import { randomUUID } from "node:crypto";
import type { PolicyDocument } from "../../../iam/types.js";

export interface Topic {
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
  /** DisplayName, Policy, DeliveryPolicy, KmsMasterKeyId, ... as strings. */
  readonly attributes: Record<string, string>;
}

export interface Subscription {
  readonly arn: string;
  readonly topicArn: string;
  /** The account that subscribed (Owner). */
  readonly owner: string;
  readonly protocol: "lambda" | "sqs";
  readonly endpoint: string;
  /** RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy as strings. */
  readonly attributes: Record<string, string>;
  pendingConfirmation: boolean;
  /** The token a pending subscription is confirmed with. */
  readonly token: string;
}

export interface DeliveryCounts {
  delivered: number;
  failed: number;
  filteredOut: number;
  redrivenToDlq: number;
}

/** SNS's default topic policy (what CreateTopic attaches when none is given; moto, SNS docs). */
export function defaultTopicPolicy(topicArn: string, owner: string): PolicyDocument {
  return {
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": owner } },
      },
    ],
  };
}

export class SnsTopics {
  readonly #topics = new Map<string, Topic>();
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #counts = new Map<string, DeliveryCounts>();

  addTopic(account: string, region: string, name: string, attributes: Record<string, string>): Topic {
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    const existing = this.#topics.get(arn);
    if (existing !== undefined) return existing;
    const topic: Topic = {
      arn,
      account,
      region,
      name,
      attributes: { Policy: JSON.stringify(defaultTopicPolicy(arn, account)), ...attributes },
    };
    this.#topics.set(arn, topic);
    return topic;
  }

  topic(arn: string): Topic | undefined {
    return this.#topics.get(arn);
  }

  removeTopic(arn: string): void {
    this.#topics.delete(arn);
    for (const subscription of this.subscriptionsOf(arn)) this.#subscriptions.delete(subscription.arn);
  }

  topics(account: string, region: string): Topic[] {
    return [...this.#topics.values()].filter((t) => t.account === account && t.region === region);
  }

  /** The topic policy (the default one unless replaced). */
  policy(topic: Topic): PolicyDocument | undefined {
    const text = topic.attributes.Policy;
    return text === undefined || text === "" ? undefined : (JSON.parse(text) as PolicyDocument);
  }

  /** A new subscription, or the existing one for the same protocol and endpoint (Subscribe is idempotent). */
  subscribe(
    topic: Topic,
    owner: string,
    protocol: Subscription["protocol"],
    endpoint: string,
    attributes: Record<string, string>,
    pendingConfirmation: boolean,
  ): Subscription {
    const existing = this.subscriptionsOf(topic.arn).find(
      (s) => s.protocol === protocol && s.endpoint === endpoint,
    );
    if (existing !== undefined) return existing;
    const subscription: Subscription = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      owner,
      protocol,
      endpoint,
      attributes,
      pendingConfirmation,
      token: randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""),
    };
    this.#subscriptions.set(subscription.arn, subscription);
    return subscription;
  }

  subscription(arn: string): Subscription | undefined {
    return this.#subscriptions.get(arn);
  }

  unsubscribe(arn: string): void {
    this.#subscriptions.delete(arn);
  }

  subscriptionsOf(topicArn: string): Subscription[] {
    return [...this.#subscriptions.values()].filter((s) => s.topicArn === topicArn);
  }

  subscriptions(): Subscription[] {
    return [...this.#subscriptions.values()];
  }

  /** Delivery counters of a subscription. */
  counts(subscriptionArn: string): DeliveryCounts {
    let counts = this.#counts.get(subscriptionArn);
    if (counts === undefined) {
      counts = { delivered: 0, failed: 0, filteredOut: 0, redrivenToDlq: 0 };
      this.#counts.set(subscriptionArn, counts);
    }
    return counts;
  }
}
