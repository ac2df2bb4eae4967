// What SNS operations share: finding a topic, asking the decision point with the topic policy (the
// default policy when none was set: the owner's account only, through `AWS:SourceOwner`), and SNS's
// errors (awsQuery: AuthorizationError 403, NotFound 404, InvalidParameter 400).
import type { Authorizer, ContextValue } from "../../../iam/types.js";
import type { AwsClient } from "../../aws-client.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import type { SnsTopics, Topic } from "./sns-topics.js";

export interface SnsDeps {
  readonly authorizer: Authorizer;
  readonly topics: SnsTopics;
  readonly aws: AwsClient;
  readonly log: (line: string) => void;
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameter", `Invalid parameter: ${message}`, 400);
}

export function notFound(message: string): AwsError {
  return new AwsError("NotFound", message, 404);
}

export function requiredText(input: Readonly<Record<string, unknown>>, member: string): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw invalidParameter(
      `${member} Reason: no value for required parameter; received ${JSON.stringify(value ?? null)}`,
    );
  }
  return value;
}

/** The topic an ARN names; NotFound ("Topic does not exist") otherwise, InvalidParameter for a non-ARN. */
export function topicOf(deps: SnsDeps, arn: unknown, member = "TopicArn"): Topic {
  if (typeof arn !== "string" || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn)) {
    throw invalidParameter(
      `${member} Reason: An ARN must have at least 6 elements, not ${typeof arn === "string" ? arn.split(":").length : 0}; received ${JSON.stringify(arn ?? null)}`,
    );
  }
  const topic = deps.topics.topic(arn);
  if (topic === undefined) throw notFound("Topic does not exist");
  return topic;
}

/** `SNS:<Action>` on the topic, with its policy; AuthorizationError (403) when not allowed. */
export function authorizeTopic(
  deps: SnsDeps,
  context: OperationContext,
  action: string,
  topic: Topic,
  keys: Readonly<Record<string, ContextValue>> = {},
): void {
  const policy = deps.topics.policy(topic);
  const decision = authorizeCall(deps.authorizer, context, {
    action: `sns:${action}`,
    resource: topic.arn,
    resourceAccount: topic.account,
    ...(policy === undefined ? {} : { resourcePolicy: policy }),
    context: { "aws:SourceOwner": context.caller.account, ...keys },
  });
  if (!decision.allowed) {
    throw new AwsError(
      "AuthorizationError",
      accessDeniedMessage(context.caller.principal, `SNS:${action}`, topic.arn, decision),
      403,
    );
  }
}
