// SQS's queue operations (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/):
// CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue, GetQueueAttributes,
// SetQueueAttributes. Standard queues only (a FIFO queue is refused by name).
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import {
  authorizeQueue,
  invalidParameter,
  queueOf,
  queueUrlOf,
  type SqsDeps,
  sqsError,
} from "./sqs-access.js";
import { DEFAULT_ATTRIBUTES, SqsQueue } from "./sqs-queue.js";
import type { SqsQueues } from "./sqs-queues.js";

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Attributes CreateQueue and SetQueueAttributes accept, with their allowed integer ranges. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 262144],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};
const FREE_TEXT = new Set([
  "Policy",
  "RedrivePolicy",
  "RedriveAllowPolicy",
  "KmsMasterKeyId",
  "SqsManagedSseEnabled",
]);

/** Validates attributes of CreateQueue / SetQueueAttributes; InvalidAttributeName / InvalidAttributeValue. */
export function checkedAttributes(raw: unknown, queues: SqsQueues): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalidParameter("Attributes must be a map.");
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const text = String(value);
    if (name === "FifoQueue" || name === "ContentBasedDeduplication") {
      if (text === "false") continue;
      throw sqsError(
        "InvalidAttributeName",
        `accountmesh runs standard queues only; attribute ${name}=${text} (FIFO) is not supported locally.`,
      );
    }
    const range = RANGES[name];
    if (range !== undefined) {
      const n = Number(text);
      if (!Number.isInteger(n) || n < range[0] || n > range[1]) {
        throw sqsError(
          "InvalidAttributeValue",
          `Invalid value for the parameter ${name}: ${text} (allowed ${range[0]} to ${range[1]}).`,
        );
      }
    } else if (!FREE_TEXT.has(name)) {
      throw sqsError("InvalidAttributeName", `Unknown Attribute ${name}.`);
    }
    if (name === "Policy" || name === "RedrivePolicy") checkJson(name, text, queues);
    out[name] = text;
  }
  return out;
}

function checkJson(name: string, text: string, queues: SqsQueues): void {
  if (text === "") return;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw sqsError("InvalidAttributeValue", `Invalid value for the parameter ${name}: not JSON.`);
  }
  if (name === "RedrivePolicy") {
    const target = parsed.deadLetterTargetArn;
    const count = Number(parsed.maxReceiveCount);
    if (typeof target !== "string" || queues.byArn(target) === undefined) {
      throw sqsError(
        "InvalidParameterValue",
        `Value ${text} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
      );
    }
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw sqsError(
        "InvalidParameterValue",
        `Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${String(parsed.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
      );
    }
  }
}

/** The attributes GetQueueAttributes shows, computed ones included. */
export function queueAttributes(queue: SqsQueue, now: number): Record<string, string> {
  const counts = queue.counts(now);
  return {
    ...DEFAULT_ATTRIBUTES,
    ...queue.attributes,
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
  };
}

export function createQueueOperations(deps: SqsDeps): Record<string, AwsOperation> {
  const now = deps.now ?? Date.now;
  const target = (context: OperationContext, name: string) => ({
    arn: `arn:aws:sqs:${context.region}:${context.caller.account}:${name}`,
    account: context.caller.account,
  });
  return {
    async CreateQueue(input, context) {
      const name = input.QueueName;
      if (typeof name !== "string" || !NAME.test(name)) {
        throw invalidParameter(
          `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length; received ${JSON.stringify(name ?? null)}.`,
        );
      }
      authorizeQueue(deps, context, "sqs:CreateQueue", target(context, name));
      const attributes = checkedAttributes(input.Attributes, deps.queues);
      const existing = deps.queues.get(context.caller.account, context.region, name);
      if (existing !== undefined) {
        const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
        if (differs) {
          throw sqsError(
            "QueueNameExists",
            "A queue already exists with the same name and a different value for attribute(s).",
          );
        }
        return { QueueUrl: queueUrlOf(existing, context, deps) };
      }
      const queue = new SqsQueue(context.caller.account, context.region, name, attributes, now());
      if (input.tags !== null && typeof input.tags === "object") {
        queue.tags = { ...(input.tags as Record<string, string>) };
      }
      deps.queues.add(queue);
      return { QueueUrl: queueUrlOf(queue, context, deps) };
    },
    async GetQueueUrl(input, context) {
      const name = input.QueueName;
      if (typeof name !== "string" || name === "") {
        throw sqsError("MissingParameter", "The request must contain the parameter QueueName.");
      }
      const owner =
        typeof input.QueueOwnerAWSAccountId === "string" ? input.QueueOwnerAWSAccountId : undefined;
      const queue = deps.queues.get(owner ?? context.caller.account, context.region, name);
      if (queue === undefined) throw sqsError("QueueDoesNotExist", "The specified queue does not exist.");
      authorizeQueue(deps, context, "sqs:GetQueueUrl", queue);
      return { QueueUrl: queueUrlOf(queue, context, deps) };
    },
    async ListQueues(input, context) {
      const prefix = typeof input.QueueNamePrefix === "string" ? input.QueueNamePrefix : "";
      const queues = deps.queues
        .list(context.caller.account, context.region)
        .filter((q) => q.name.startsWith(prefix));
      if (queues[0] !== undefined) authorizeQueue(deps, context, "sqs:ListQueues", queues[0]);
      const max = typeof input.MaxResults === "number" ? input.MaxResults : 1000;
      const start = typeof input.NextToken === "string" ? Number(input.NextToken) || 0 : 0;
      const page = queues.slice(start, start + max);
      return {
        QueueUrls: page.map((q) => queueUrlOf(q, context, deps)),
        ...(start + max < queues.length ? { NextToken: String(start + max) } : {}),
      };
    },
    async DeleteQueue(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:DeleteQueue", queue);
      deps.queues.remove(queue);
      return {};
    },
    async PurgeQueue(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:PurgeQueue", queue);
      queue.purge();
      deps.queues.changed();
      return {};
    },
    async GetQueueAttributes(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:GetQueueAttributes", queue);
      const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
      const all = queueAttributes(queue, now());
      if (names.includes("All")) return { Attributes: all };
      const unknown = names.find((n) => !(n in all) && !(n in RANGES) && !FREE_TEXT.has(n));
      if (unknown !== undefined) throw sqsError("InvalidAttributeName", `Unknown Attribute ${unknown}.`);
      const picked = Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n] as string]));
      return Object.keys(picked).length === 0 ? {} : { Attributes: picked };
    },
    async SetQueueAttributes(input, context) {
      const queue = queueOf(input, context, deps);
      authorizeQueue(deps, context, "sqs:SetQueueAttributes", queue);
      const attributes = checkedAttributes(input.Attributes, deps.queues);
      for (const [name, value] of Object.entries(attributes)) {
        if (value === "") delete queue.attributes[name];
        else queue.attributes[name] = value;
      }
      queue.lastModifiedAt = now();
      deps.queues.changed();
      return {};
    },
  };
}
