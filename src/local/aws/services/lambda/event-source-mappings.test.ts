// Event source mappings through their real edges: a DynamoDB Local stream read as the function's
// execution role (records in order, a failing batch retried then described to the on-failure queue),
// and an SQS queue (partial batch failures left for the dead-letter queue).
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { DynamoDbEngine } from "../dynamodb/dynamodb-engine.js";
import { createDynamoDbProviders } from "../dynamodb/dynamodb-providers.js";
import { createDynamoDbService } from "../dynamodb/dynamodb-service.js";
import { DynamoDbTables } from "../dynamodb/dynamodb-tables.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { sqsPlugin } from "../sqs/sqs-plugin.js";
import { lambdaPlugin } from "./lambda-plugin.js";

const ACCOUNT = "444444444444";
const REGION = "eu-central-1";
const stack = testStack(ACCOUNT, "Mappings");
const dir = mkdtempSync(join(tmpdir(), "accountmesh-esm-"));
const suffix = randomUUID().slice(0, 8);
// Records every batch; fails (or reports failures) for items marked so.
const CONSUMER = `const fs = require("node:fs");
exports.handler = async (event) => {
  fs.appendFileSync(process.env.FILE, JSON.stringify(event) + "\\n");
  const records = event.Records;
  if (records.some((r) => r.dynamodb?.NewImage?.poison)) throw new Error("poison record");
  const failures = records.filter((r) => r.body === "fail").map((r) => ({ itemIdentifier: r.messageId }));
  return { batchItemFailures: failures };
};`;
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

/** DynamoDB on the run's shared DynamoDB Local (tables isolated by name). */
const sharedDynamoDb: ServicePlugin = {
  name: "dynamodb",
  start(platform) {
    const engine = new DynamoDbEngine(inject("dynamodbEndpoint"));
    const tables = new DynamoDbTables();
    return {
      providers: createDynamoDbProviders({ engine, tables }),
      api: createDynamoDbService({ authorizer: platform.authorizer, engine, tables }),
      stop: () => engine.close(),
    };
  },
};

let world: PlatformUnderTest;
const batches = (name: string): { Records: Record<string, unknown>[] }[] => {
  try {
    return readFileSync(join(dir, name), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  world = await platformUnderTest([sharedDynamoDb, iamPlugin, sqsPlugin, lambdaPlugin], [stack]);
  const table = await world.create(stack, "Table", "AWS::DynamoDB::Table", {
    TableName: `esm-${suffix}`,
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamViewType: "NEW_IMAGE" },
  });
  const failures = await world.create(stack, "Failures", "AWS::SQS::Queue", { QueueName: "stream-failures" });
  const dlq = await world.create(stack, "Dlq", "AWS::SQS::Queue", { QueueName: "jobs-dlq" });
  const jobs = await world.create(stack, "Jobs", "AWS::SQS::Queue", {
    QueueName: "jobs",
    VisibilityTimeout: 1,
    RedrivePolicy: { deadLetterTargetArn: dlq.attributes?.Arn, maxReceiveCount: 1 },
  });
  const role = await world.create(stack, "ConsumerRole", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "sources",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"],
              Resource: table.attributes?.StreamArn,
            },
            {
              Effect: "Allow",
              Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage"],
              Resource: "*",
            },
          ],
        },
      },
    ],
  });
  for (const name of ["streamed", "queued"]) {
    await world.create(stack, name, "AWS::Lambda::Function", {
      FunctionName: name,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: role.attributes?.Arn,
      Code: { ZipFile: CONSUMER },
      Environment: { Variables: { FILE: join(dir, name) } },
    });
  }
  await world.create(stack, "StreamMapping", "AWS::Lambda::EventSourceMapping", {
    EventSourceArn: table.attributes?.StreamArn,
    FunctionName: "streamed",
    StartingPosition: "TRIM_HORIZON",
    BatchSize: 10,
    MaximumRetryAttempts: 1,
    DestinationConfig: { OnFailure: { Destination: failures.attributes?.Arn } },
  });
  await world.create(stack, "QueueMapping", "AWS::Lambda::EventSourceMapping", {
    EventSourceArn: jobs.attributes?.Arn,
    FunctionName: "queued",
    BatchSize: 10,
    FunctionResponseTypes: ["ReportBatchItemFailures"],
  });
  await world.ready();
});

afterAll(async () => {
  await world?.stop();
});

/** The account's root, calling in-process (as a test driver). */
const root = {
  caller: {
    principal: { kind: "root", account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
    account: ACCOUNT,
  },
  region: REGION,
} as const;

describe("event source mappings", () => {
  it("hands a table's stream records to the function in order, in Lambda's DynamoDB event shape", async () => {
    for (const id of ["a", "b", "c"]) {
      await world.platform.aws.call(
        {
          caller: {
            principal: { kind: "root", account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
            account: ACCOUNT,
          },
          region: REGION,
        },
        "dynamodb",
        "PutItem",
        {
          TableName: `esm-${suffix}`,
          Item: { id: { S: id } },
        },
      );
    }
    await expect
      .poll(() => batches("streamed").flatMap((b) => b.Records).length, { timeout: 20_000 })
      .toBe(3);
    const records = batches("streamed").flatMap((b) => b.Records);
    expect(records.map((r) => (r.dynamodb as { Keys: { id: { S: string } } }).Keys.id.S)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(records[0]).toMatchObject({
      eventName: "INSERT",
      eventSource: "aws:dynamodb",
      awsRegion: REGION,
      eventSourceARN: expect.stringMatching(
        new RegExp(`^arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/esm-${suffix}/stream/`),
      ),
      dynamodb: { NewImage: { id: { S: "a" } }, StreamViewType: "NEW_IMAGE" },
    });
  });

  it("retries a failing batch, then describes it to the on-failure queue and moves on", async () => {
    await world.platform.aws.call(root, "dynamodb", "PutItem", {
      TableName: `esm-${suffix}`,
      Item: { id: { S: "bad" }, poison: { BOOL: true } },
    });
    const got = await world.platform.aws.call(root, "sqs", "ReceiveMessage", {
      QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/stream-failures`,
      WaitTimeSeconds: 20,
    });
    const info = JSON.parse(String((got.Messages as { Body: string }[])[0]?.Body));
    expect(info).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 2 },
      DDBStreamBatchInfo: { batchSize: 1 },
    });
    await world.platform.aws.call(root, "dynamodb", "PutItem", {
      TableName: `esm-${suffix}`,
      Item: { id: { S: "after" } },
    });
    await expect
      .poll(
        () =>
          batches("streamed")
            .flatMap((b) => b.Records)
            .some((r) => (r.dynamodb as { Keys: { id: { S: string } } }).Keys.id.S === "after"),
        { timeout: 20_000 },
      )
      .toBe(true);
  });

  it("deletes what an SQS batch processed and leaves reported failures to the dead-letter queue", async () => {
    const url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs`;
    await world.platform.aws.call(root, "sqs", "SendMessageBatch", {
      QueueUrl: url,
      Entries: [
        { Id: "1", MessageBody: "ok" },
        { Id: "2", MessageBody: "fail" },
      ],
    });
    const parked = await world.platform.aws.call(root, "sqs", "ReceiveMessage", {
      QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs-dlq`,
      WaitTimeSeconds: 20,
    });
    expect((parked.Messages as { Body: string }[]).map((m) => m.Body)).toEqual(["fail"]);
    const first = batches("queued")[0]?.Records[0];
    expect(first).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`,
      awsRegion: REGION,
      md5OfBody: expect.any(String),
    });
  });
});
