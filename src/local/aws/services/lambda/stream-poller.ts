// The DynamoDB Streams poller of an event source mapping: shard by shard, batches of up to BatchSize
// records in order; a failing batch is retried (halved first with BisectBatchOnFunctionError) until
// MaximumRetryAttempts, then described to the on-failure destination and skipped; a batch's records
// are never handed on out of order within a shard. ReportBatchItemFailures: the batch is retried from
// the first failed record.
import { randomUUID } from "node:crypto";
import { type EventSourceMapping, type PollerDeps, sleep } from "./event-source-mapping-types.js";

type StreamRecord = { readonly dynamodb?: { readonly SequenceNumber?: string } } & Record<string, unknown>;
interface Shard {
  readonly ShardId: string;
  readonly SequenceNumberRange?: { readonly StartingSequenceNumber?: string };
}

const IDLE_MS = 250;
const DESCRIBE_EVERY_MS = 2000;

function sequenceOf(record: StreamRecord): string {
  return String(record.dynamodb?.SequenceNumber ?? "");
}

/** Invokes the function with `records`; the index of the first record to retry, or undefined when all succeeded. */
async function invoke(
  mapping: EventSourceMapping,
  deps: PollerDeps,
  records: StreamRecord[],
): Promise<{ failedFrom?: number; error?: string }> {
  const payload = JSON.stringify({
    Records: records.map((r) => ({ ...r, eventSourceARN: mapping.sourceArn })),
  });
  const result = await deps.host.invokeJson(mapping.functionArn, payload, { requestId: randomUUID() });
  if (result.kind === "success") {
    if (!mapping.reportBatchItemFailures) return {};
    const failures =
      (JSON.parse(result.payload || "null") as { batchItemFailures?: { itemIdentifier?: string }[] } | null)
        ?.batchItemFailures ?? [];
    const indexes = failures
      .map((f) => records.findIndex((r) => sequenceOf(r) === f.itemIdentifier))
      .filter((i) => i >= 0);
    return indexes.length === 0 ? {} : { failedFrom: Math.min(...indexes), error: "batch item failures" };
  }
  const error = result.kind === "error" ? `${result.errorType}: ${result.errorMessage}` : result.kind;
  return { failedFrom: 0, error };
}

/** Processes `records` until they succeed or run out of retries; resolves when they may be checkpointed. */
async function processBatch(
  mapping: EventSourceMapping,
  deps: PollerDeps,
  shardId: string,
  records: StreamRecord[],
): Promise<void> {
  let pending = records;
  for (let attempt = 0; pending.length > 0 && !deps.stopped(); attempt++) {
    const { failedFrom, error } = await invoke(mapping, deps, pending);
    if (failedFrom === undefined) return;
    if (mapping.bisectOnError && pending.length > 1 && failedFrom === 0) {
      const half = Math.ceil(pending.length / 2);
      await processBatch(mapping, deps, shardId, pending.slice(0, half));
      await processBatch(mapping, deps, shardId, pending.slice(half));
      return;
    }
    pending = pending.slice(failedFrom);
    if (mapping.maxRetries >= 0 && attempt >= mapping.maxRetries) {
      await onFailure(mapping, deps, shardId, pending, attempt + 1, error ?? "");
      return;
    }
    await sleep(Math.min(60, 2 ** attempt) * 1000 * deps.timeScale);
  }
}

async function onFailure(
  mapping: EventSourceMapping,
  deps: PollerDeps,
  shardId: string,
  records: StreamRecord[],
  attempts: number,
  error: string,
): Promise<void> {
  const name = mapping.functionArn.split(":").pop();
  deps.log(
    `Lambda ${name}: ${records.length} stream record(s) of ${shardId} skipped after ${attempts} attempt(s) (${error})${mapping.onFailure === undefined ? "" : `; described to ${mapping.onFailure}`}`,
  );
  const caller = deps.callerOf(mapping);
  if (mapping.onFailure === undefined || caller === undefined) return;
  const info = {
    requestContext: {
      requestId: randomUUID(),
      functionArn: mapping.functionArn,
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: attempts,
    },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    version: "1.0",
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: sequenceOf(records[0] as StreamRecord),
      endSequenceNumber: sequenceOf(records[records.length - 1] as StreamRecord),
      batchSize: records.length,
      streamArn: mapping.sourceArn,
    },
  };
  const [, , service, region, account, resource] = mapping.onFailure.split(":");
  try {
    if (service === "sqs") {
      await deps.aws.call(caller, "sqs", "SendMessage", {
        QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/${resource}`,
        MessageBody: JSON.stringify(info),
      });
    } else if (service === "sns") {
      await deps.aws.call(caller, "sns", "Publish", {
        TopicArn: mapping.onFailure,
        Message: JSON.stringify(info),
      });
    }
  } catch (e) {
    deps.log(
      `Lambda ${name}: on-failure destination ${mapping.onFailure} refused the record: ${(e as Error).message}`,
    );
  }
}

/** Polls the mapping's stream until the runtime stops. */
export async function pollStream(mapping: EventSourceMapping, deps: PollerDeps): Promise<void> {
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  let shards: Shard[] = [];
  let describedAt = 0;
  let first = true;
  while (!deps.stopped()) {
    const caller = deps.callerOf(mapping);
    if (caller === undefined) return;
    if (Date.now() - describedAt > DESCRIBE_EVERY_MS) {
      const described = await deps.aws.call(caller, "dynamodb", "DescribeStream", {
        StreamArn: mapping.sourceArn,
      });
      shards = ((described.StreamDescription as { Shards?: Shard[] }).Shards ?? []).filter(
        (s) => !finished.has(s.ShardId),
      );
      describedAt = Date.now();
    }
    let busy = false;
    for (const shard of shards) {
      if (deps.stopped() || finished.has(shard.ShardId)) continue;
      let iterator = iterators.get(shard.ShardId);
      if (iterator === undefined) {
        const checkpoint = deps.checkpoint(mapping.uuid, shard.ShardId);
        const type =
          checkpoint !== undefined
            ? "AFTER_SEQUENCE_NUMBER"
            : first
              ? mapping.startingPosition
              : "TRIM_HORIZON";
        const got = await deps.aws.call(caller, "dynamodb", "GetShardIterator", {
          StreamArn: mapping.sourceArn,
          ShardId: shard.ShardId,
          ShardIteratorType: type,
          ...(checkpoint === undefined ? {} : { SequenceNumber: checkpoint }),
        });
        iterator = String(got.ShardIterator);
      }
      const page = await deps.aws.call(caller, "dynamodb", "GetRecords", {
        ShardIterator: iterator,
        Limit: mapping.batchSize,
      });
      const records = (page.Records as StreamRecord[] | undefined) ?? [];
      if (records.length > 0) {
        busy = true;
        await processBatch(mapping, deps, shard.ShardId, records);
        if (deps.stopped()) return;
        deps.saveCheckpoint(
          mapping.uuid,
          shard.ShardId,
          sequenceOf(records[records.length - 1] as StreamRecord),
        );
      }
      if (typeof page.NextShardIterator === "string") iterators.set(shard.ShardId, page.NextShardIterator);
      else {
        iterators.delete(shard.ShardId);
        finished.add(shard.ShardId);
      }
    }
    first = false;
    if (!busy) await sleep(IDLE_MS);
  }
}
