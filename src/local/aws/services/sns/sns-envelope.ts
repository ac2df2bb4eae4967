// What SNS delivers, shape for shape (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
// https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html): the Lambda event
// (`Records[].Sns`, `SigningCertUrl`/`UnsubscribeUrl`, Subject null when absent, MessageAttributes
// always present), the SQS body (`SigningCertURL`/`UnsubscribeURL`, Subject and MessageAttributes
// omitted when absent) and raw delivery (the message itself, attributes as SQS message attributes).
// Signatures are not verifiable locally (there is no SNS signing certificate): Signature is a digest.
import { createHash } from "node:crypto";
import type { AttributeValue } from "./sns-filter-policy.js";

export interface Notification {
  readonly messageId: string;
  readonly topicArn: string;
  readonly region: string;
  readonly subject?: string;
  /** The message, or with MessageStructure json the per-protocol messages (`default`, `lambda`, `sqs`). */
  readonly message: string | Readonly<Record<string, string>>;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** ISO 8601 with milliseconds, e.g. `2024-05-01T12:00:00.000Z`. */
  readonly timestamp: string;
}

/** The message a subscription of `protocol` receives (MessageStructure json: its key, else `default`). */
export function messageFor(notification: Notification, protocol: string): string {
  const message = notification.message;
  return typeof message === "string" ? message : (message[protocol] ?? message.default ?? "");
}

function common(notification: Notification, subscriptionArn: string, protocol: string) {
  const host = `https://sns.${notification.region}.amazonaws.com`;
  const message = messageFor(notification, protocol);
  return {
    message,
    signature: createHash("sha256")
      .update(`${notification.messageId}\n${message}\n${notification.timestamp}`)
      .digest("base64"),
    cert: `${host}/SimpleNotificationService-local.pem`,
    unsubscribe: `${host}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
  };
}

/** The event a Lambda subscription's function receives. */
export function lambdaEvent(notification: Notification, subscriptionArn: string): unknown {
  const c = common(notification, subscriptionArn, "lambda");
  return {
    Records: [
      {
        EventVersion: "1.0",
        EventSubscriptionArn: subscriptionArn,
        EventSource: "aws:sns",
        Sns: {
          Type: "Notification",
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: c.message,
          Timestamp: notification.timestamp,
          SignatureVersion: "1",
          Signature: c.signature,
          SigningCertUrl: c.cert,
          UnsubscribeUrl: c.unsubscribe,
          MessageAttributes: notification.attributes,
        },
      },
    ],
  };
}

/** The JSON body an SQS subscription's queue receives without raw delivery. */
export function sqsEnvelope(notification: Notification, subscriptionArn: string): string {
  const c = common(notification, subscriptionArn, "sqs");
  const hasAttributes = Object.keys(notification.attributes).length > 0;
  return JSON.stringify({
    Type: "Notification",
    MessageId: notification.messageId,
    TopicArn: notification.topicArn,
    ...(notification.subject === undefined ? {} : { Subject: notification.subject }),
    Message: c.message,
    Timestamp: notification.timestamp,
    SignatureVersion: "1",
    Signature: c.signature,
    SigningCertURL: c.cert,
    UnsubscribeURL: c.unsubscribe,
    ...(hasAttributes ? { MessageAttributes: notification.attributes } : {}),
  });
}

/** Raw delivery: the message attributes as SQS message attributes. */
export function sqsAttributes(
  attributes: Readonly<Record<string, AttributeValue>>,
): Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      a.Type === "Binary"
        ? { DataType: a.Type, BinaryValue: a.Value }
        : { DataType: a.Type, StringValue: a.Value },
    ]),
  );
}
