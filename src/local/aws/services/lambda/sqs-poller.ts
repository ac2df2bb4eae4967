// The SQS poller of an event source mapping: receives up to BatchSize (≤ 10) messages as the
// function's execution role, invokes the function with Lambda's SQS event, deletes what succeeded
// (all, or all but the batchItemFailures with ReportBatchItemFailures); what failed becomes visible
// again after the queue's visibility timeout and goes to its dead-letter queue by maxReceiveCount.
import { randomUUID } from "node:crypto";
import { type EventSourceMapping, type PollerDeps, sleep } from "./event-source-mapping-types.js";

interface Received {
  readonly MessageId: string;
  readonly ReceiptHandle: string;
  readonly Body: string;
  readonly MD5OfBody: string;
  readonly Attributes?: Record<string, string>;
  readonly MessageAttributes?: Record<
    string,
    { DataType: string; StringValue?: string; BinaryValue?: string }
  >;
}

export async function pollQueue(mapping: EventSourceMapping, deps: PollerDeps): Promise<void> {
  const [, , , region, account, name] = mapping.sourceArn.split(":");
  const queueUrl = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
  while (!deps.stopped()) {
    const caller = deps.callerOf(mapping);
    if (caller === undefined) return;
    let messages: Received[];
    try {
      const got = await deps.aws.call(caller, "sqs", "ReceiveMessage", {
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, mapping.batchSize),
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      });
      messages = (got.Messages as Received[] | undefined) ?? [];
    } catch (error) {
      deps.log(
        `Lambda event source mapping ${mapping.uuid}: cannot receive from ${mapping.sourceArn}: ${(error as Error).message}`,
      );
      await sleep(5000);
      continue;
    }
    if (messages.length === 0) continue;
    const event = {
      Records: messages.map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
        attributes: m.Attributes ?? {},
        messageAttributes: Object.fromEntries(
          Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
            k,
            {
              stringValue: v.StringValue,
              binaryValue: v.BinaryValue,
              stringListValues: [],
              binaryListValues: [],
              dataType: v.DataType,
            },
          ]),
        ),
        md5OfBody: m.MD5OfBody,
        eventSource: "aws:sqs",
        eventSourceARN: mapping.sourceArn,
        awsRegion: region,
      })),
    };
    const result = await deps.host.invokeJson(mapping.functionArn, JSON.stringify(event), {
      requestId: randomUUID(),
    });
    if (result.kind !== "success") continue;
    let failed = new Set<string>();
    if (mapping.reportBatchItemFailures) {
      const parsed = JSON.parse(result.payload || "null") as {
        batchItemFailures?: { itemIdentifier?: string }[];
      } | null;
      failed = new Set((parsed?.batchItemFailures ?? []).map((f) => String(f.itemIdentifier)));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId));
    if (done.length === 0) continue;
    await deps.aws
      .call(caller, "sqs", "DeleteMessageBatch", {
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
      })
      .catch((error: Error) =>
        deps.log(`Lambda event source mapping ${mapping.uuid}: delete failed: ${error.message}`),
      );
  }
}
