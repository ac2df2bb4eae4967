// Lambda's event source mappings (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html):
// pollers that read a DynamoDB stream or an SQS queue as the function's execution role and invoke the
// function synchronously with a batch. Stream checkpoints (the last sequence number processed per
// shard) are kept under the data directory, so a restarted runtime resumes after the last batch that
// succeeded: delivery is at least once, as on AWS.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rolePrincipal } from "../../../iam/principals.js";
import type { EventSourceMapping, PollerDeps } from "./event-source-mapping-types.js";
import { pollQueue } from "./sqs-poller.js";
import { pollStream } from "./stream-poller.js";

export class EventSourceMappings {
  readonly #mappings: EventSourceMapping[] = [];
  readonly #checkpoints: Record<string, Record<string, string>> = {};
  readonly #file: string | undefined;
  readonly #running: Promise<void>[] = [];
  #stopped = false;

  constructor(
    private readonly deps: Omit<PollerDeps, "stopped" | "callerOf" | "checkpoint" | "saveCheckpoint">,
    dir?: string,
  ) {
    if (dir === undefined) return;
    mkdirSync(dir, { recursive: true });
    this.#file = join(dir, "stream-checkpoints.json");
    if (existsSync(this.#file))
      Object.assign(this.#checkpoints, JSON.parse(readFileSync(this.#file, "utf8")));
  }

  add(mapping: EventSourceMapping): void {
    this.#mappings.push(mapping);
  }

  list(): readonly EventSourceMapping[] {
    return this.#mappings;
  }

  /** Starts a poller per enabled mapping (once every function is registered). */
  start(): void {
    const deps: PollerDeps = {
      ...this.deps,
      stopped: () => this.#stopped,
      callerOf: (mapping) => {
        const spec = this.deps.host.spec(mapping.functionArn);
        return spec === undefined
          ? undefined
          : {
              caller: { principal: rolePrincipal(spec.roleArn, spec.name), account: spec.account },
              region: spec.region,
            };
      },
      checkpoint: (uuid, shardId) => this.#checkpoints[uuid]?.[shardId],
      saveCheckpoint: (uuid, shardId, sequenceNumber) => {
        this.#checkpoints[uuid] = { ...this.#checkpoints[uuid], [shardId]: sequenceNumber };
        if (this.#file === undefined) return;
        writeFileSync(`${this.#file}.tmp`, JSON.stringify(this.#checkpoints));
        renameSync(`${this.#file}.tmp`, this.#file);
      },
    };
    for (const mapping of this.#mappings.filter((m) => m.enabled)) {
      const poll = mapping.kind === "dynamodb" ? pollStream : pollQueue;
      this.#running.push(
        poll(mapping, deps).catch((error: Error) =>
          this.deps.log(
            `Lambda event source mapping ${mapping.uuid} (${mapping.sourceArn}) stopped: ${error.message}`,
          ),
        ),
      );
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#running);
  }
}
