// Every SQS queue of the system by account, region and name, kept on disk under the data directory
// (one JSON snapshot, written atomically after each change; a throwaway run keeps nothing) so that
// messages — dead-letter queues' and those waiting for a consumer — survive a restart.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MessageAttributeValue, SqsMessage } from "./sqs-queue.js";
import { SqsQueue } from "./sqs-queue.js";

interface Snapshot {
  readonly queues: readonly {
    account: string;
    region: string;
    name: string;
    createdAt: number;
    lastModifiedAt: number;
    attributes: Record<string, string>;
    tags: Record<string, string>;
    messages: SqsMessage[];
  }[];
}

export class SqsQueues {
  readonly #byKey = new Map<string, SqsQueue>();
  readonly #file: string | undefined;
  #pending = false;

  /** `dir` undefined: in memory only. */
  constructor(dir?: string) {
    if (dir === undefined) return;
    mkdirSync(dir, { recursive: true });
    this.#file = join(dir, "queues.json");
    if (!existsSync(this.#file)) return;
    const snapshot = JSON.parse(readFileSync(this.#file, "utf8")) as Snapshot;
    for (const saved of snapshot.queues) {
      const queue = new SqsQueue(saved.account, saved.region, saved.name, saved.attributes, saved.createdAt);
      queue.lastModifiedAt = saved.lastModifiedAt;
      queue.tags = saved.tags;
      queue.messages = saved.messages;
      this.#byKey.set(key(saved.account, saved.region, saved.name), queue);
    }
  }

  add(queue: SqsQueue): void {
    this.#byKey.set(key(queue.account, queue.region, queue.name), queue);
    this.changed();
  }

  get(account: string, region: string, name: string): SqsQueue | undefined {
    return this.#byKey.get(key(account, region, name));
  }

  /** `arn:aws:sqs:<region>:<account>:<name>` → the queue. */
  byArn(arn: string): SqsQueue | undefined {
    const [, , , region = "", account = "", name = ""] = arn.split(":");
    return this.get(account, region, name);
  }

  remove(queue: SqsQueue): void {
    this.#byKey.delete(key(queue.account, queue.region, queue.name));
    this.changed();
  }

  list(account: string, region: string): SqsQueue[] {
    return [...this.#byKey.values()]
      .filter((q) => q.account === account && q.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Records a change: the snapshot is written once the current turn of the event loop is done. */
  changed(): void {
    if (this.#file === undefined || this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.flush();
    });
  }

  /** Writes the snapshot now (temporary file, then rename: a crash never leaves half a file). */
  flush(): void {
    if (this.#file === undefined) return;
    const snapshot: Snapshot = {
      queues: [...this.#byKey.values()].map((q) => ({
        account: q.account,
        region: q.region,
        name: q.name,
        createdAt: q.createdAt,
        lastModifiedAt: q.lastModifiedAt,
        attributes: q.attributes,
        tags: q.tags,
        messages: q.messages,
      })),
    };
    writeFileSync(`${this.#file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${this.#file}.tmp`, this.#file);
  }
}

function key(account: string, region: string, name: string): string {
  return `${account}\u0000${region}\u0000${name}`;
}

export function md5Hex(text: string | Buffer): string {
  return createHash("md5").update(text).digest("hex");
}

/**
 * MD5OfMessageAttributes as SQS computes it: attributes sorted by name, each as the 4-byte
 * big-endian length and bytes of its name, of its data type, a transport byte (1 string, 2 binary)
 * and the length and bytes of its value
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation).
 */
export function md5OfAttributes(attributes: Readonly<Record<string, MessageAttributeValue>>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name] as MessageAttributeValue;
    lengthPrefixed(Buffer.from(name, "utf8"));
    lengthPrefixed(Buffer.from(value.DataType, "utf8"));
    if (value.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(value.BinaryValue, "base64"));
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue ?? "", "utf8"));
    }
  }
  return md5Hex(Buffer.concat(parts));
}
