// DynamoDB Streams, in-process (Lambda's event source mappings read them as the function's execution
// role): DescribeStream, GetShardIterator, GetRecords on the engine's stream of the table (DynamoDB
// Local keeps streams), authorized as `dynamodb:<Action>` on the stream ARN
// (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`). Records come back as the
// DynamoDB Streams API gives them, with the table's region in `awsRegion`.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html
import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import type { DynamoDbEngine } from "./dynamodb-engine.js";
import { outputOf } from "./dynamodb-output.js";

const STREAM_ARN = /^arn:aws:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)\/stream\/(.+)$/;
const STREAMS_TARGET = "DynamoDBStreams_20120810";

export interface StreamsDeps {
  readonly authorizer: Authorizer;
  readonly engine: DynamoDbEngine;
}

export function createStreamsOperations(deps: StreamsDeps): Record<string, AwsOperation> {
  const engineArns = new Map<string, string>();
  const call = async (target: string, account: string, region: string, body: Record<string, unknown>) =>
    outputOf(await deps.engine.forward(account, region, target, Buffer.from(JSON.stringify(body))));

  async function stream(input: Readonly<Record<string, unknown>>, context: OperationContext, action: string) {
    const arn = input.StreamArn;
    const match = typeof arn === "string" ? STREAM_ARN.exec(arn) : null;
    if (match === null) {
      throw new AwsError("ValidationException", `Invalid StreamArn: ${JSON.stringify(arn ?? null)}.`);
    }
    const [, region = "", account = "", table = ""] = match;
    const decision = authorizeCall(deps.authorizer, context, {
      action: `dynamodb:${action}`,
      resource: String(arn),
      resourceAccount: account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, `dynamodb:${action}`, String(arn), decision),
      );
    }
    let engineArn = engineArns.get(String(arn));
    if (engineArn === undefined) {
      const described = await call("DynamoDB_20120810.DescribeTable", account, region, { TableName: table });
      engineArn = (described.Table as { LatestStreamArn?: string } | undefined)?.LatestStreamArn;
      if (engineArn === undefined) {
        throw new AwsError(
          "ResourceNotFoundException",
          `Requested resource not found: Stream: ${String(arn)} not found`,
        );
      }
      engineArns.set(String(arn), engineArn);
    }
    return { account, region, engineArn, arn: String(arn) };
  }

  return {
    async DescribeStream(input, context) {
      const s = await stream(input, context, "DescribeStream");
      const output = await call(`${STREAMS_TARGET}.DescribeStream`, s.account, s.region, {
        ...input,
        StreamArn: s.engineArn,
      });
      const description = output.StreamDescription as Record<string, unknown>;
      return { StreamDescription: { ...description, StreamArn: s.arn } };
    },
    async GetShardIterator(input, context) {
      const s = await stream(input, context, "GetShardIterator");
      const output = await call(`${STREAMS_TARGET}.GetShardIterator`, s.account, s.region, {
        ...input,
        StreamArn: s.engineArn,
      });
      return { ShardIterator: wrap(s.arn, output.ShardIterator) };
    },
    async GetRecords(input, context) {
      const { arn, iterator } = unwrap(input.ShardIterator);
      const s = await stream({ StreamArn: arn }, context, "GetRecords");
      const output = await call(`${STREAMS_TARGET}.GetRecords`, s.account, s.region, {
        ...input,
        ShardIterator: iterator,
      });
      const records = (output.Records as Record<string, unknown>[] | undefined) ?? [];
      return {
        Records: records.map((r) => ({ ...r, awsRegion: s.region })),
        ...(output.NextShardIterator === undefined
          ? {}
          : { NextShardIterator: wrap(s.arn, output.NextShardIterator) }),
      };
    },
  };
}

/** Our shard iterators carry the stream ARN (for authorization) around the engine's iterator. */
function wrap(arn: string, iterator: unknown): string | undefined {
  return typeof iterator === "string"
    ? Buffer.from(JSON.stringify({ arn, iterator })).toString("base64url")
    : undefined;
}

function unwrap(value: unknown): { arn: string; iterator: string } {
  try {
    const parsed = JSON.parse(Buffer.from(String(value), "base64url").toString("utf8")) as {
      arn?: unknown;
      iterator?: unknown;
    };
    if (typeof parsed.arn === "string" && typeof parsed.iterator === "string")
      return { arn: parsed.arn, iterator: parsed.iterator };
  } catch {
    // answered below
  }
  throw new AwsError("ValidationException", `Invalid ShardIterator: ${JSON.stringify(value ?? null)}.`);
}
