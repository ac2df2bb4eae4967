// SQS's message operations: SendMessage(Batch), ReceiveMessage (long polling up to 20 s, redrive to
// the dead-letter queue after maxReceiveCount), DeleteMessage(Batch), ChangeMessageVisibility(Batch).
// Limits as SQS's: 256 KiB per message and per batch, 10 entries per batch, 1 to 10 messages a receive.

import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { principalUserId } from "../../caller-identity.js";
import { authorizeQueue, invalidParameter, queueOf, type SqsDeps, sqsError } from "./sqs-access.js";
import { type MessageAttributeValue, type SqsMessage, SqsQueue } from "./sqs-queue.js";
import { md5Hex, md5OfAttributes } from "./sqs-queues.js";

const INVALID_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/u;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

function messageAttributes(raw: unknown): Record<string, MessageAttributeValue> {
  if (raw === undefined || raw === null) return {};
  const out: Record<string, MessageAttributeValue> = {};
  const entries = Object.entries(raw as Record<string, Record<string, unknown>>);
  if (entries.length > 10)
    throw invalidParameter("Number of message attributes [11] exceeds the allowed maximum [10].");
  for (const [name, value] of entries) {
    const dataType = value?.DataType;
    if (typeof dataType !== "string" || !/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw invalidParameter(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const binary = value.BinaryValue;
    out[name] = {
      DataType: dataType,
      ...(typeof value.StringValue === "string" ? { StringValue: value.StringValue } : {}),
      ...(binary instanceof Uint8Array
        ? { BinaryValue: Buffer.from(binary).toString("base64") }
        : typeof binary === "string"
          ? { BinaryValue: binary }
          : {}),
    };
  }
  return out;
}

function attributesSize(attributes: Readonly<Record<string, MessageAttributeValue>>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, v]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(v.DataType) +
      Buffer.byteLength(v.StringValue ?? "") +
      Buffer.from(v.BinaryValue ?? "", "base64").length,
    0,
  );
}

interface SendEntry {
  readonly MessageBody?: unknown;
  readonly DelaySeconds?: unknown;
  readonly MessageAttributes?: unknown;
}

/** Validates and stores one message; the SendMessage result members. */
export function sendOne(queue: SqsQueue, entry: SendEntry, context: OperationContext, now: number) {
  const body = entry.MessageBody;
  if (typeof body !== "string" || body === "") {
    throw sqsError("MissingParameter", "The request must contain the parameter MessageBody.");
  }
  if (INVALID_CHARACTERS.test(body)) {
    throw sqsError(
      "InvalidMessageContents",
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    );
  }
  const attributes = messageAttributes(entry.MessageAttributes);
  const max = queue.number("MaximumMessageSize");
  if (Buffer.byteLength(body) + attributesSize(attributes) > max) {
    throw invalidParameter(
      `One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`,
    );
  }
  const delay = entry.DelaySeconds === undefined ? undefined : Number(entry.DelaySeconds);
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > 900)) {
    throw invalidParameter(
      `Value ${String(entry.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.`,
    );
  }
  const hasAttributes = Object.keys(attributes).length > 0;
  const message = queue.send(
    {
      body,
      md5OfBody: md5Hex(body),
      messageAttributes: attributes,
      ...(hasAttributes ? { md5OfMessageAttributes: md5OfAttributes(attributes) } : {}),
      senderId: principalUserId(context.caller.principal),
    },
    now,
    delay,
  );
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(hasAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
  };
}

function batchEntries(input: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw sqsError(
      "EmptyBatchRequest",
      "There should be at least one SendMessageBatchRequestEntry in the request.",
    );
  }
  if (entries.length > 10) {
    throw sqsError(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
    );
  }
  const ids = entries.map((e: Record<string, unknown>) => e.Id);
  for (const id of ids) {
    if (typeof id !== "string" || !BATCH_ID.test(id)) {
      throw sqsError(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
      );
    }
  }
  if (new Set(ids).size !== ids.length) {
    throw sqsError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
  }
  return entries as Record<string, unknown>[];
}

/** Each entry's result or its error (SQS answers batch failures per entry). */
function perEntry<T>(entries: Record<string, unknown>[], run: (entry: Record<string, unknown>) => T) {
  const successful: (T & { Id: string })[] = [];
  const failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
  for (const entry of entries) {
    try {
      successful.push({ Id: String(entry.Id), ...run(entry) });
    } catch (error) {
      const e = error as { code?: string; message: string; status?: number };
      failed.push({
        Id: String(entry.Id),
        SenderFault: (e.status ?? 400) < 500,
        Code: e.code ?? "InternalError",
        Message: e.message,
      });
    }
  }
  return { Successful: successful, Failed: failed };
}

function wanted(names: unknown, all: Readonly<Record<string, unknown>>): string[] {
  if (!Array.isArray(names)) return [];
  if (names.includes("All") || names.includes(".*")) return Object.keys(all);
  return Object.keys(all).filter((key) =>
    names.some((n: string) => n === key || (n.endsWith(".*") && key.startsWith(n.slice(0, -1)))),
  );
}

function received(message: SqsMessage, input: Readonly<Record<string, unknown>>) {
  const system: Record<string, string> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    ...(message.deadLetterSourceArn === undefined
      ? {}
      : { DeadLetterQueueSourceArn: message.deadLetterSourceArn }),
  };
  const systemNames = [
    ...wanted(input.AttributeNames, system),
    ...wanted(input.MessageSystemAttributeNames, system),
  ];
  const userNames = wanted(input.MessageAttributeNames, message.messageAttributes);
  const user = Object.fromEntries(userNames.map((n) => [n, message.messageAttributes[n]]));
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(systemNames.length === 0
      ? {}
      : { Attributes: Object.fromEntries(systemNames.map((n) => [n, system[n]])) }),
    ...(userNames.length === 0
      ? {}
      : {
          MessageAttributes: user,
          MD5OfMessageAttributes: md5OfAttributes(user as Record<string, MessageAttributeValue>),
        }),
  };
}

export function createMessageOperations(deps: SqsDeps): Record<string, AwsOperation> {
  const now = deps.now ?? Date.now;
  const redrive = (queue: SqsQueue) => (message: SqsMessage, policy: { deadLetterTargetArn: string }) => {
    const target = deps.queues.byArn(policy.deadLetterTargetArn);
    if (target === undefined) return false;
    target.adopt({ ...message, deadLetterSourceArn: queue.arn }, now());
    return true;
  };
  const visibilityOf = (queue: SqsQueue, handle: unknown, seconds: unknown) => {
    if (typeof handle !== "string" || !SqsQueue.wellFormedHandle(handle)) {
      throw sqsError(
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${String(handle)}" is not a valid receipt handle.`,
      );
    }
    const timeout = Number(seconds);
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > 43200) {
      throw invalidParameter(
        `Value ${String(seconds)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.`,
      );
    }
    const message = queue.byHandle(handle);
    if (message === undefined) {
      throw sqsError(
        "MessageNotInflight",
        "Value for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.",
      );
    }
    message.visibleAt = now() + timeout * 1000;
    return {};
  };
  const deleteOne = (queue: SqsQueue, handle: unknown) => {
    if (typeof handle !== "string" || !SqsQueue.wellFormedHandle(handle)) {
      throw sqsError(
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${String(handle)}" is not a valid receipt handle.`,
      );
    }
    queue.delete(handle);
    return {};
  };
  return {
    async SendMessage(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:SendMessage", queue);
      const result = sendOne(queue, input, context, now());
      deps.queues.changed();
      return result;
    },
    async SendMessageBatch(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:SendMessage", queue);
      const entries = batchEntries(input);
      const total = entries.reduce((sum, e) => sum + Buffer.byteLength(String(e.MessageBody ?? "")), 0);
      if (total > 262144) {
        throw sqsError(
          "BatchRequestTooLong",
          `Batch requests cannot be longer than 262144 bytes. You have sent ${total} bytes.`,
        );
      }
      const result = perEntry(entries, (entry) => sendOne(queue, entry, context, now()));
      deps.queues.changed();
      return result;
    },
    async ReceiveMessage(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:ReceiveMessage", queue);
      const max = input.MaxNumberOfMessages === undefined ? 1 : Number(input.MaxNumberOfMessages);
      if (!Number.isInteger(max) || max < 1 || max > 10) {
        throw invalidParameter(
          `Value ${String(input.MaxNumberOfMessages)} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
        );
      }
      const wait =
        input.WaitTimeSeconds === undefined
          ? queue.number("ReceiveMessageWaitTimeSeconds")
          : Number(input.WaitTimeSeconds);
      if (!Number.isInteger(wait) || wait < 0 || wait > 20) {
        throw invalidParameter(
          `Value ${String(input.WaitTimeSeconds)} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`,
        );
      }
      const visibility =
        input.VisibilityTimeout === undefined
          ? queue.number("VisibilityTimeout")
          : Number(input.VisibilityTimeout);
      const deadline = now() + wait * 1000;
      for (;;) {
        const messages = queue.receive(max, visibility, now(), redrive(queue));
        if (messages.length > 0 || now() >= deadline) {
          if (messages.length > 0) deps.queues.changed();
          return messages.length === 0 ? {} : { Messages: messages.map((m) => received(m, input)) };
        }
        const next = queue.nextVisibleAt(now());
        await queue.waitForSend(Math.min(deadline, next ?? deadline) - now());
      }
    },
    async DeleteMessage(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:DeleteMessage", queue);
      deleteOne(queue, input.ReceiptHandle);
      deps.queues.changed();
      return {};
    },
    async DeleteMessageBatch(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:DeleteMessage", queue);
      const result = perEntry(batchEntries(input), (entry) => deleteOne(queue, entry.ReceiptHandle));
      deps.queues.changed();
      return result;
    },
    async ChangeMessageVisibility(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:ChangeMessageVisibility", queue);
      visibilityOf(queue, input.ReceiptHandle, input.VisibilityTimeout);
      deps.queues.changed();
      return {};
    },
    async ChangeMessageVisibilityBatch(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:ChangeMessageVisibility", queue);
      const result = perEntry(batchEntries(input), (e) =>
        visibilityOf(queue, e.ReceiptHandle, e.VisibilityTimeout),
      );
      deps.queues.changed();
      return result;
    },
  };
}
