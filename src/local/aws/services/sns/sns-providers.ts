// AWS::SNS::Topic (with inline Subscription), AWS::SNS::TopicPolicy and AWS::SNS::Subscription.
// A subscription is made as its stack's account, exactly as Subscribe: the topic policy must let that
// account subscribe (a topic in another account needs its policy to name this one), and it is
// confirmed at once when the endpoint belongs to that account (CDK puts AWS::SNS::Subscription in the
// subscriber's stack for this reason). Standard topics only: FifoTopic is refused by name.
import { randomUUID } from "node:crypto";
import { AccountmeshError } from "../../../../shared/errors.js";
import {
  generatedName,
  optionalText,
  requiredText,
  resourceLabel,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import { rootPrincipal } from "../../../iam/principals.js";
import type { OperationContext } from "../../aws-service.js";
import type { SnsDeps } from "./sns-access.js";
import { subscribe } from "./sns-subscription-operations.js";

const DEPLOYER_SOURCE = { sourceIp: "127.0.0.1", via: ["AWS CloudFormation (local)"] };

/** CloudFormation acting for the stack's account (its deployment role has the account's rights). */
function deployer(resource: ResolvedResource): OperationContext {
  return {
    caller: { principal: rootPrincipal(resource.stack.account), account: resource.stack.account },
    region: resource.stack.region,
    source: DEPLOYER_SOURCE,
    secureTransport: true,
    requestId: randomUUID(),
    now: new Date(),
  };
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function subscribeAs(
  deps: SnsDeps,
  resource: ResolvedResource,
  topicArn: string,
  protocol: string,
  endpoint: string,
  attributes: Record<string, string>,
) {
  const topic = deps.topics.topic(topicArn);
  if (topic === undefined) {
    throw new AccountmeshError(
      "SNS_TOPIC_NOT_FOUND",
      `${resourceLabel(resource)}: TopicArn ${topicArn} is no topic of this system. Give the ARN of an AWS::SNS::Topic (Ref, or a weak cross-account reference).`,
      { topicArn },
    );
  }
  try {
    return await subscribe(deps, deployer(resource), { topic, protocol, endpoint, attributes });
  } catch (error) {
    throw new AccountmeshError(
      "SNS_SUBSCRIBE_FAILED",
      `${resourceLabel(resource)}: Subscribe to ${topicArn} as account ${resource.stack.account} failed: ${(error as Error).message}`,
      { topicArn, protocol, endpoint },
    );
  }
}

export function createSnsProviders(deps: SnsDeps): ResourceProvider[] {
  return [
    {
      type: "AWS::SNS::Topic",
      properties: [
        "TopicName",
        "DisplayName",
        "KmsMasterKeyId",
        "Subscription",
        "Tags",
        "FifoTopic",
        "TracingConfig",
        "SignatureVersion",
        "DataProtectionPolicy",
      ],
      async create(resource) {
        const { account, region } = resource.stack;
        const fifo = resource.properties.FifoTopic;
        if (fifo === true || fifo === "true") {
          throw new AccountmeshError(
            "SNS_FIFO_UNSUPPORTED",
            `${resourceLabel(resource)}: FifoTopic is not supported locally (standard topics only). Remove FifoTopic to run this stack with accountmesh.`,
          );
        }
        const name = optionalText(resource, "TopicName") ?? generatedName(resource, 256, false);
        const attributes: Record<string, string> = {};
        for (const key of ["DisplayName", "KmsMasterKeyId", "SignatureVersion"]) {
          const value = optionalText(resource, key);
          if (value !== undefined) attributes[key] = value;
        }
        const topic = deps.topics.addTopic(account, region, name, attributes);
        const inline = resource.properties.Subscription;
        for (const entry of Array.isArray(inline)
          ? (inline as { Protocol?: string; Endpoint?: string }[])
          : []) {
          await subscribeAs(deps, resource, topic.arn, String(entry.Protocol), String(entry.Endpoint), {});
        }
        return { ref: topic.arn, attributes: { TopicArn: topic.arn, TopicName: name } };
      },
    },
    {
      type: "AWS::SNS::TopicPolicy",
      properties: ["PolicyDocument", "Topics"],
      async create(resource) {
        const document = resource.properties.PolicyDocument;
        const topics = resource.properties.Topics;
        if (typeof document !== "object" || document === null || !Array.isArray(topics)) {
          throw new AccountmeshError(
            "SNS_INVALID_TOPIC_POLICY",
            `${resourceLabel(resource)}: needs PolicyDocument (an object) and Topics (a list of topic ARNs); received ${JSON.stringify({ PolicyDocument: document ?? null, Topics: topics ?? null })}.`,
          );
        }
        for (const arn of topics) {
          const topic = deps.topics.topic(String(arn));
          if (topic === undefined) {
            throw new AccountmeshError(
              "SNS_TOPIC_NOT_FOUND",
              `${resourceLabel(resource)}: Topics lists ${String(arn)}, which is no topic of this system.`,
              { arn },
            );
          }
          topic.attributes.Policy = JSON.stringify(document);
        }
        return { ref: `${resource.stack.stackName}-${resource.logicalId}` };
      },
    },
    {
      type: "AWS::SNS::Subscription",
      properties: [
        "TopicArn",
        "Protocol",
        "Endpoint",
        "RawMessageDelivery",
        "FilterPolicy",
        "FilterPolicyScope",
        "RedrivePolicy",
        "Region",
        "DeliveryPolicy",
      ],
      async create(resource) {
        const attributes: Record<string, string> = {};
        for (const key of [
          "RawMessageDelivery",
          "FilterPolicy",
          "FilterPolicyScope",
          "RedrivePolicy",
          "DeliveryPolicy",
        ]) {
          const value = resource.properties[key];
          if (value !== undefined) attributes[key] = asText(value);
        }
        const subscription = await subscribeAs(
          deps,
          resource,
          requiredText(resource, "TopicArn"),
          requiredText(resource, "Protocol"),
          requiredText(resource, "Endpoint"),
          attributes,
        );
        return { ref: subscription.arn };
      },
    },
  ];
}
