// What an event source mapping is, and what its pollers need of the Lambda plugin.

import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { AwsClient, CallContext } from "../../aws-client.js";

/** What pollers need of the Lambda host. */
export type InvokeHost = Pick<LambdaHost, "spec" | "invokeJson">;

export interface EventSourceMapping {
  readonly uuid: string;
  readonly functionArn: string;
  readonly sourceArn: string;
  readonly kind: "dynamodb" | "sqs";
  readonly batchSize: number;
  /** Streams: TRIM_HORIZON or LATEST (where a shard without a checkpoint starts). */
  readonly startingPosition: "TRIM_HORIZON" | "LATEST";
  /** Streams: retries of a failing batch; -1: until it succeeds (records expire after 24 h on AWS). */
  readonly maxRetries: number;
  readonly bisectOnError: boolean;
  readonly reportBatchItemFailures: boolean;
  /** Streams: where a batch that runs out of retries is described (SQS, SNS). */
  readonly onFailure?: string;
  readonly enabled: boolean;
}

export interface PollerDeps {
  readonly host: InvokeHost;
  readonly aws: AwsClient;
  readonly log: (line: string) => void;
  /** Local seconds per AWS second for retry back-off. */
  readonly timeScale: number;
  stopped(): boolean;
  /** The execution role of the mapping's function, as a caller. */
  callerOf(mapping: EventSourceMapping): CallContext | undefined;
  checkpoint(uuid: string, shardId: string): string | undefined;
  saveCheckpoint(uuid: string, shardId: string, sequenceNumber: string): void;
}

/** Resolves after `ms` milliseconds (poll intervals, retry back-off). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
