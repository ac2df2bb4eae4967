// One SQS standard queue's messages, as SQS keeps them: delay, visibility timeout, receive counts,
// retention and the redrive to a dead-letter queue after `maxReceiveCount` receives
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html,
// .../sqs-dead-letter-queues.html). Pure: every method takes the time in epoch milliseconds.
import { randomUUID } from "node:crypto";
import type { PolicyDocument } from "../../../iam/types.js";

export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64 on the wire. */
  readonly BinaryValue?: string;
}

export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly md5OfMessageAttributes?: string;
  /** Epoch ms it was sent (SentTimestamp). */
  readonly sentAt: number;
  /** Sender's id as SQS shows it (SenderId): account id or role id. */
  readonly senderId: string;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Epoch ms from which it can be received (delay or visibility timeout). */
  visibleAt: number;
  /** The receipt handle of its latest receive (older handles no longer change its visibility). */
  receiptHandle?: string;
  /** The queue it came from when it was redriven (DeadLetterQueueSourceArn). */
  deadLetterSourceArn?: string;
}

/** Queue attributes SQS stores as given (names as in GetQueueAttributes), with their defaults. */
export const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: "0",
  MaximumMessageSize: "262144",
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
  SqsManagedSseEnabled: "true",
};

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export class SqsQueue {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  /** Settable attributes (DelaySeconds, VisibilityTimeout, Policy, RedrivePolicy, ...) as strings. */
  attributes: Record<string, string>;
  tags: Record<string, string> = {};
  messages: SqsMessage[] = [];
  /** Wakes long polls when a message is sent. */
  readonly #waiters = new Set<() => void>();

  constructor(
    account: string,
    region: string,
    name: string,
    attributes: Readonly<Record<string, string>>,
    now: number,
  ) {
    this.account = account;
    this.region = region;
    this.name = name;
    this.arn = `arn:aws:sqs:${region}:${account}:${name}`;
    this.createdAt = now;
    this.lastModifiedAt = now;
    this.attributes = { ...DEFAULT_ATTRIBUTES, ...attributes };
  }

  /** The queue policy (attribute `Policy`), parsed; undefined when none. */
  policy(): PolicyDocument | undefined {
    const text = this.attributes.Policy;
    return text === undefined || text === "" ? undefined : (JSON.parse(text) as PolicyDocument);
  }

  redrivePolicy(): RedrivePolicy | undefined {
    const text = this.attributes.RedrivePolicy;
    if (text === undefined || text === "") return undefined;
    const parsed = JSON.parse(text) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    if (parsed.deadLetterTargetArn === undefined) return undefined;
    return {
      deadLetterTargetArn: parsed.deadLetterTargetArn,
      maxReceiveCount: Number(parsed.maxReceiveCount ?? 10),
    };
  }

  number(attribute: string): number {
    return Number(this.attributes[attribute] ?? DEFAULT_ATTRIBUTES[attribute] ?? 0);
  }

  /** Adds a message visible after `delaySeconds` (default: the queue's DelaySeconds). */
  send(
    message: Omit<SqsMessage, "messageId" | "receiveCount" | "visibleAt" | "sentAt">,
    now: number,
    delaySeconds?: number,
  ): SqsMessage {
    const delay = delaySeconds ?? this.number("DelaySeconds");
    const stored: SqsMessage = {
      ...message,
      messageId: randomUUID(),
      sentAt: now,
      receiveCount: 0,
      visibleAt: now + delay * 1000,
    };
    this.messages.push(stored);
    for (const wake of this.#waiters) wake();
    return stored;
  }

  /** Puts a redriven message back as it was (same id, body, attributes and receive count). */
  adopt(message: SqsMessage, now: number): void {
    this.messages.push({ ...message, visibleAt: now });
    for (const wake of this.#waiters) wake();
  }

  /**
   * Up to `max` visible messages, hidden for `visibilitySeconds` with a new receipt handle each.
   * A message received `maxReceiveCount` times already is handed to `redrive` instead (moved to the
   * dead-letter queue); expired messages (MessageRetentionPeriod) are dropped.
   */
  receive(
    max: number,
    visibilitySeconds: number,
    now: number,
    redrive: (message: SqsMessage, policy: RedrivePolicy) => boolean,
  ): SqsMessage[] {
    const retention = this.number("MessageRetentionPeriod") * 1000;
    this.messages = this.messages.filter((m) => now - m.sentAt < retention);
    const policy = this.redrivePolicy();
    const received: SqsMessage[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      if (
        policy !== undefined &&
        message.receiveCount >= policy.maxReceiveCount &&
        redrive(message, policy)
      ) {
        this.messages = this.messages.filter((m) => m !== message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiptHandle = Buffer.from(`${message.messageId}:${randomUUID()}`).toString("base64");
      received.push(message);
    }
    return received;
  }

  /** The message whose latest receive gave `handle`; undefined for an unknown or outdated handle. */
  byHandle(handle: string): SqsMessage | undefined {
    return this.messages.find((m) => m.receiptHandle === handle);
  }

  /** Whether `handle` has the shape of one of this runtime's receipt handles. */
  static wellFormedHandle(handle: string): boolean {
    const decoded = Buffer.from(handle, "base64").toString("utf8");
    return /^[0-9a-f-]{36}:[0-9a-f-]{36}$/.test(decoded);
  }

  delete(handle: string): void {
    this.messages = this.messages.filter((m) => m.receiptHandle !== handle);
  }

  purge(): void {
    this.messages = [];
  }

  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  /** The earliest time a hidden message becomes visible (long polls re-check then). */
  nextVisibleAt(now: number): number | undefined {
    let next: number | undefined;
    for (const m of this.messages) {
      if (m.visibleAt > now && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    }
    return next;
  }

  /** Resolves after a send or after `ms`, whichever comes first (long polling). */
  waitForSend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.#waiters.add(wake);
    });
  }
}
