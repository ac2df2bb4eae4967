// SNS Publish and PublishBatch: validation as SNS does it (256 KiB including attributes, Subject ≤ 100
// characters, MessageStructure json with a `default` key, at most 10 attributes of String,
// String.Array, Number or Binary), `SNS:Publish` on the topic, then delivery to the subscriptions
// (in the background: Publish answers as soon as the message is accepted).
import { randomUUID } from "node:crypto";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { authorizeTopic, invalidParameter, type SnsDeps, topicOf } from "./sns-access.js";
import type { createDelivery } from "./sns-delivery.js";
import type { Notification } from "./sns-envelope.js";
import type { AttributeValue } from "./sns-filter-policy.js";
import type { Topic } from "./sns-topics.js";

const MAX_BYTES = 262_144;

function attributesOf(raw: unknown): Record<string, AttributeValue> {
  if (raw === undefined || raw === null) return {};
  const entries = Object.entries(raw as Record<string, Record<string, unknown>>);
  if (entries.length > 10)
    throw invalidParameter(
      "MessageAttributes Reason: Number of message attributes exceeds the allowed maximum [10].",
    );
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of entries) {
    const type = value?.DataType;
    if (typeof type !== "string" || !/^(String|String\.Array|Number|Binary)(\..+)?$/.test(type)) {
      throw invalidParameter(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const binary = value.BinaryValue;
    const text = type.startsWith("Binary")
      ? binary instanceof Uint8Array
        ? Buffer.from(binary).toString("base64")
        : String(binary ?? "")
      : value.StringValue;
    if (typeof text !== "string" || text === "") {
      throw invalidParameter(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (type.startsWith("Number") && !Number.isFinite(Number(text))) {
      throw invalidParameter(
        `The message attribute '${name}' with type 'Number' must be a valid number, received ${JSON.stringify(text)}.`,
      );
    }
    out[name] = {
      Type: type.startsWith("String.Array") ? "String.Array" : (type.split(".")[0] ?? type),
      Value: text,
    };
  }
  return out;
}

/** One publish entry → the notification to deliver (throws SNS's InvalidParameter errors). */
export function notificationOf(topic: Topic, entry: Readonly<Record<string, unknown>>): Notification {
  const message = entry.Message;
  if (typeof message !== "string" || message === "") throw invalidParameter("Empty message");
  const attributes = attributesOf(entry.MessageAttributes);
  const size =
    Buffer.byteLength(message) +
    Object.entries(attributes).reduce(
      (n, [k, a]) => n + Buffer.byteLength(k) + Buffer.byteLength(a.Type) + Buffer.byteLength(a.Value),
      0,
    );
  if (size > MAX_BYTES) throw invalidParameter("Message too long");
  const subject = entry.Subject;
  if (
    subject !== undefined &&
    (typeof subject !== "string" || subject === "" || subject.length > 100 || /[\r\n]/.test(subject))
  ) {
    throw invalidParameter("Subject");
  }
  let body: Notification["message"] = message;
  if (entry.MessageStructure !== undefined) {
    if (entry.MessageStructure !== "json")
      throw invalidParameter(
        `MessageStructure Reason: must be json, received ${JSON.stringify(entry.MessageStructure)}`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw invalidParameter("Message Structure - JSON message body failed to parse");
    }
    if (
      parsed === null ||
      typeof parsed !== "object" ||
      Array.isArray(parsed) ||
      typeof (parsed as Record<string, unknown>).default !== "string"
    ) {
      throw invalidParameter("Message Structure - No default entry in JSON message body");
    }
    body = Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  }
  return {
    messageId: randomUUID(),
    topicArn: topic.arn,
    region: topic.region,
    ...(typeof subject === "string" ? { subject } : {}),
    message: body,
    attributes,
    timestamp: new Date().toISOString(),
  };
}

export function createPublishOperations(
  deps: SnsDeps,
  deliver: ReturnType<typeof createDelivery>,
): Record<string, AwsOperation> {
  const accept = (topic: Topic, notification: Notification) => {
    void deliver(topic, notification).catch((error: Error) =>
      deps.log(`SNS ${topic.name}: delivery failed: ${error.message}`),
    );
  };
  const target = (input: Readonly<Record<string, unknown>>, context: OperationContext) => {
    const topic = topicOf(
      deps,
      input.TopicArn ?? input.TargetArn,
      input.TopicArn === undefined ? "TargetArn" : "TopicArn",
    );
    authorizeTopic(deps, context, "Publish", topic);
    return topic;
  };
  return {
    async Publish(input, context) {
      if (input.PhoneNumber !== undefined)
        throw invalidParameter("PhoneNumber Reason: SMS is not delivered locally; publish to a topic.");
      const topic = target(input, context);
      const notification = notificationOf(topic, input);
      accept(topic, notification);
      return { MessageId: notification.messageId };
    },
    async PublishBatch(input, context) {
      const topic = target(input, context);
      const entries = input.PublishBatchRequestEntries;
      if (!Array.isArray(entries) || entries.length === 0)
        throw new AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries.", 400);
      if (entries.length > 10)
        throw new AwsError(
          "TooManyEntriesInBatchRequest",
          "The batch request contains more entries than permissible.",
          400,
        );
      const ids = entries.map((e: Record<string, unknown>) => e.Id);
      if (ids.some((id) => typeof id !== "string" || !/^[A-Za-z0-9_-]{1,80}$/.test(id)))
        throw new AwsError(
          "InvalidBatchEntryId",
          "The Id of a batch entry in a batch request doesn't abide by the specification.",
          400,
        );
      if (new Set(ids).size !== ids.length)
        throw new AwsError(
          "BatchEntryIdsNotDistinct",
          "Two or more batch entries in the request have the same Id.",
          400,
        );
      const successful: { Id: string; MessageId: string }[] = [];
      const failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[] = [];
      for (const entry of entries as Record<string, unknown>[]) {
        try {
          const notification = notificationOf(topic, entry);
          accept(topic, notification);
          successful.push({ Id: String(entry.Id), MessageId: notification.messageId });
        } catch (error) {
          const e = error as AwsError;
          failed.push({
            Id: String(entry.Id),
            Code: e.code ?? "InternalError",
            Message: e.message,
            SenderFault: (e.status ?? 500) < 500,
          });
        }
      }
      return { Successful: successful, Failed: failed };
    },
  };
}
