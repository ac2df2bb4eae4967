// SNS subscriptions: Subscribe (lambda and sqs endpoints; confirmed at once when the endpoint's
// account subscribes, otherwise pending until ConfirmSubscription with the token SNS sends to the
// queue), ConfirmSubscription, Unsubscribe, Get/SetSubscriptionAttributes.
import { randomUUID } from "node:crypto";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import {
  authorizeTopic,
  invalidParameter,
  notFound,
  requiredText,
  type SnsDeps,
  topicOf,
} from "./sns-access.js";
import { queueUrlOfArn } from "./sns-delivery.js";
import { filterPolicyProblem } from "./sns-filter-policy.js";
import type { Subscription, Topic } from "./sns-topics.js";

const SUBSCRIPTION_ATTRIBUTES = new Set([
  "RawMessageDelivery",
  "FilterPolicy",
  "FilterPolicyScope",
  "RedrivePolicy",
  "DeliveryPolicy",
]);

/** Validates one subscription attribute as SNS does; the value to store. */
export function checkedSubscriptionAttribute(name: string, value: string): string {
  if (!SUBSCRIPTION_ATTRIBUTES.has(name))
    throw invalidParameter(`AttributeName Reason: Unknown attribute ${name}`);
  if (name === "RawMessageDelivery" && value !== "true" && value !== "false") {
    throw invalidParameter(
      `Attributes Reason: RawMessageDelivery: Invalid value [${value}]. Must be true or false.`,
    );
  }
  if (name === "FilterPolicyScope" && value !== "MessageAttributes" && value !== "MessageBody") {
    throw invalidParameter(
      `Attributes Reason: FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
    );
  }
  if (name === "FilterPolicy" && value !== "") {
    const problem = filterPolicyProblem(value);
    if (problem !== undefined) throw invalidParameter(`Attributes Reason: ${problem}`);
  }
  if (name === "RedrivePolicy" && value !== "") {
    let target: unknown;
    try {
      target = (JSON.parse(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    } catch {
      throw invalidParameter("RedrivePolicy: failed to parse JSON.");
    }
    if (typeof target !== "string" || !target.startsWith("arn:aws:sqs:")) {
      throw invalidParameter("RedrivePolicy: deadLetterTargetArn must be an SQS queue ARN.");
    }
  }
  return value;
}

/** The account owning a lambda or sqs endpoint ARN; InvalidParameter for anything else. */
function endpointAccount(protocol: string, endpoint: string): string {
  const pattern =
    protocol === "lambda"
      ? /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\d{12}):function:[^:]+$/
      : /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:(\d{12}):[^:]+$/;
  const account = pattern.exec(endpoint)?.[1];
  if (account === undefined)
    throw invalidParameter(
      `${protocol} endpoint ARN Reason: ${JSON.stringify(endpoint)} is not a ${protocol === "lambda" ? "function" : "queue"} ARN.`,
    );
  return account;
}

export interface SubscribeRequest {
  readonly topic: Topic;
  readonly protocol: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Subscribe's core (also CloudFormation's AWS::SNS::Subscription), authorized as `context`'s caller. */
export async function subscribe(
  deps: SnsDeps,
  context: OperationContext,
  request: SubscribeRequest,
): Promise<Subscription> {
  const { topic, protocol, endpoint } = request;
  if (protocol !== "lambda" && protocol !== "sqs") {
    throw invalidParameter(
      `Protocol Reason: accountmesh delivers to lambda and sqs endpoints locally; received ${JSON.stringify(protocol)}.`,
    );
  }
  authorizeTopic(deps, context, "Subscribe", topic, { "sns:Protocol": protocol, "sns:Endpoint": endpoint });
  const owner = endpointAccount(protocol, endpoint);
  const attributes = Object.fromEntries(
    Object.entries(request.attributes).map(([k, v]) => [k, checkedSubscriptionAttribute(k, v)]),
  );
  const pending = owner !== context.caller.account;
  const subscription = deps.topics.subscribe(
    topic,
    context.caller.account,
    protocol,
    endpoint,
    attributes,
    pending,
  );
  if (pending && protocol === "sqs") {
    const confirmation = JSON.stringify({
      Type: "SubscriptionConfirmation",
      MessageId: randomUUID(),
      Token: subscription.token,
      TopicArn: topic.arn,
      Message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `https://sns.${topic.region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic.arn}&Token=${subscription.token}`,
      Timestamp: new Date().toISOString(),
      SignatureVersion: "1",
    });
    await deps.aws
      .call(
        {
          caller: {
            principal: { kind: "service", service: "sns.amazonaws.com" },
            account: topic.account,
            sourceArn: topic.arn,
          },
          region: topic.region,
        },
        "sqs",
        "SendMessage",
        { QueueUrl: queueUrlOfArn(endpoint), MessageBody: confirmation },
      )
      .catch((error: Error) =>
        deps.log(`SNS ${topic.name}: confirmation for ${endpoint} not delivered: ${error.message}`),
      );
  }
  return subscription;
}

function subscriptionOf(deps: SnsDeps, arn: unknown): Subscription {
  if (typeof arn !== "string" || !arn.startsWith("arn:"))
    throw invalidParameter(`SubscriptionArn Reason: ${JSON.stringify(arn ?? null)} is not an ARN.`);
  const subscription = deps.topics.subscription(arn);
  if (subscription === undefined) throw notFound("Subscription does not exist");
  return subscription;
}

/** The subscription's owner or the topic's owner may read, change or remove it. */
function authorizeSubscription(deps: SnsDeps, context: OperationContext, subscription: Subscription): void {
  const topic = deps.topics.topic(subscription.topicArn);
  if (context.caller.account === subscription.owner || context.caller.account === topic?.account) return;
  throw new AwsError(
    "AuthorizationError",
    `User: ${context.caller.account} is not authorized to access subscription ${subscription.arn}`,
    403,
  );
}

export function createSubscriptionOperations(deps: SnsDeps): Record<string, AwsOperation> {
  return {
    async Subscribe(input, context) {
      const topic = topicOf(deps, input.TopicArn);
      const protocol = requiredText(input, "Protocol");
      const endpoint = requiredText(input, "Endpoint");
      const raw = (input.Attributes ?? {}) as Record<string, unknown>;
      const attributes = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
      const subscription = await subscribe(deps, context, { topic, protocol, endpoint, attributes });
      const returnArn = input.ReturnSubscriptionArn === true || input.ReturnSubscriptionArn === "true";
      return {
        SubscriptionArn:
          subscription.pendingConfirmation && !returnArn ? "pending confirmation" : subscription.arn,
      };
    },
    async ConfirmSubscription(input) {
      const topic = topicOf(deps, input.TopicArn);
      const token = requiredText(input, "Token");
      const subscription = deps.topics.subscriptionsOf(topic.arn).find((s) => s.token === token);
      if (subscription === undefined) throw invalidParameter("Token");
      subscription.pendingConfirmation = false;
      return { SubscriptionArn: subscription.arn };
    },
    async Unsubscribe(input, context) {
      const subscription = subscriptionOf(deps, input.SubscriptionArn);
      authorizeSubscription(deps, context, subscription);
      deps.topics.unsubscribe(subscription.arn);
      return {};
    },
    async GetSubscriptionAttributes(input, context) {
      const subscription = subscriptionOf(deps, input.SubscriptionArn);
      authorizeSubscription(deps, context, subscription);
      return {
        Attributes: {
          SubscriptionArn: subscription.arn,
          TopicArn: subscription.topicArn,
          Owner: subscription.owner,
          Protocol: subscription.protocol,
          Endpoint: subscription.endpoint,
          PendingConfirmation: String(subscription.pendingConfirmation),
          ConfirmationWasAuthenticated: String(!subscription.pendingConfirmation),
          RawMessageDelivery: "false",
          ...subscription.attributes,
        },
      };
    },
    async SetSubscriptionAttributes(input, context) {
      const subscription = subscriptionOf(deps, input.SubscriptionArn);
      authorizeSubscription(deps, context, subscription);
      const name = requiredText(input, "AttributeName");
      const value = typeof input.AttributeValue === "string" ? input.AttributeValue : "";
      subscription.attributes[name] = checkedSubscriptionAttribute(name, value);
      return {};
    },
  };
}
