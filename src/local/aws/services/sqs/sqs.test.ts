// SQS through its real edges: @aws-sdk/client-sqs (JSON protocol, MD5 checks on) against the local
// AWS endpoint, queues from their providers, a role of the queue's account and one of another account
// let in by a queue policy.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { sqsPlugin } from "./sqs-plugin.js";
import { SqsQueue } from "./sqs-queue.js";
import { SqsQueues } from "./sqs-queues.js";

const ACCOUNT = "444444444444";
const OTHER = "555555555555";
const REGION = "eu-central-1";
const stack = testStack(ACCOUNT, "Queues");
const other = testStack(OTHER, "Others");
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
let world: PlatformUnderTest;
let served: ServedHandler;
let owner: AwsCredentials;
let outsider: AwsCredentials;
let workUrl: string;
let dlqUrl: string;
let sharedUrl: string;

const sqs = (credentials: AwsCredentials) =>
  new SQSClient({ endpoint: served.url, region: REGION, credentials: { ...credentials }, maxAttempts: 1 });
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => error,
  );

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, sqsPlugin], [stack, other]);
  const role = async (target: typeof stack, name: string, resource: string) => {
    const created = await world.create(target, name, "AWS::IAM::Role", {
      AssumeRolePolicyDocument: trust,
      Policies: [
        {
          PolicyName: "q",
          PolicyDocument: { Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: resource }] },
        },
      ],
    });
    return world.platform.credentials.forRole(String(created.attributes?.Arn));
  };
  owner = await role(stack, "Owner", `arn:aws:sqs:${REGION}:${ACCOUNT}:*`);
  outsider = await role(other, "Outsider", `arn:aws:sqs:${REGION}:${ACCOUNT}:*`);
  const dlq = await world.create(stack, "Dlq", "AWS::SQS::Queue", { QueueName: "work-dlq" });
  const work = await world.create(stack, "Work", "AWS::SQS::Queue", {
    QueueName: "work",
    RedrivePolicy: { deadLetterTargetArn: dlq.attributes?.Arn, maxReceiveCount: 2 },
  });
  const shared = await world.create(stack, "Shared", "AWS::SQS::Queue", {});
  await world.create(stack, "SharedPolicy", "AWS::SQS::QueuePolicy", {
    Queues: [shared.ref],
    PolicyDocument: {
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: "sqs:SendMessage",
          Resource: shared.attributes?.Arn,
        },
      ],
    },
  });
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
  const url = (name: string) => `${served.url}/${ACCOUNT}/${name}`;
  workUrl = url("work");
  dlqUrl = url("work-dlq");
  sharedUrl = url(String(shared.attributes?.QueueName));
  expect(String(work.ref)).toMatch(/\/444444444444\/work$/);
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
});

describe("SQS on the local AWS endpoint (client-sqs, JSON protocol)", () => {
  it("sends, receives with attributes and MD5s the SDK checks, deletes", async () => {
    const client = sqs(owner);
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: workUrl,
        MessageBody: "hello ☃",
        MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
      }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const got = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: workUrl,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
      }),
    );
    const message = got.Messages?.[0];
    expect(message).toMatchObject({
      Body: "hello ☃",
      MessageId: sent.MessageId,
      MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
      Attributes: { ApproximateReceiveCount: "1" },
    });
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: workUrl }))).Messages).toBeUndefined();
    await client.send(new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: message?.ReceiptHandle }));
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: workUrl, AttributeNames: ["All"] }),
    );
    expect(attributes.Attributes).toMatchObject({
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:work`,
      VisibilityTimeout: "30",
    });
  });

  it("sends and deletes in batches, failing entries one by one", async () => {
    const client = sqs(owner);
    const batch = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: workUrl,
        Entries: [
          { Id: "a", MessageBody: "one" },
          { Id: "b", MessageBody: "two" },
          { Id: "c", MessageBody: "x", DelaySeconds: 901 },
        ],
      }),
    );
    expect(batch.Successful?.map((e) => e.Id)).toEqual(["a", "b"]);
    expect(batch.Failed).toEqual([
      expect.objectContaining({ Id: "c", Code: "InvalidParameterValue", SenderFault: true }),
    ]);
    const got = await client.send(new ReceiveMessageCommand({ QueueUrl: workUrl, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => m.Body).sort()).toEqual(["one", "two"]);
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: workUrl,
        Entries: (got.Messages ?? []).map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    expect(deleted.Successful).toHaveLength(2);
  });

  it("long-polls until a message arrives", async () => {
    const client = sqs(owner);
    const polling = client.send(new ReceiveMessageCommand({ QueueUrl: workUrl, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: "late" }));
    const got = await polling;
    expect(got.Messages?.[0]?.Body).toBe("late");
    await client.send(
      new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: got.Messages?.[0]?.ReceiptHandle }),
    );
  });

  it("moves a message received maxReceiveCount times to the dead-letter queue", async () => {
    const client = sqs(owner);
    await client.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: "poison" }));
    for (let i = 0; i < 2; i++) {
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl: workUrl }));
      expect(got.Messages?.[0]?.Body).toBe("poison");
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: workUrl,
          ReceiptHandle: got.Messages?.[0]?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: workUrl }))).Messages).toBeUndefined();
    const parked = await client.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ["All"] }),
    );
    expect(parked.Messages?.[0]).toMatchObject({
      Body: "poison",
      Attributes: { DeadLetterQueueSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:work` },
    });
    await client.send(new PurgeQueueCommand({ QueueUrl: dlqUrl }));
  });

  it("lets another account in only as far as the queue policy says (both sides)", async () => {
    const client = sqs(outsider);
    await client.send(new SendMessageCommand({ QueueUrl: sharedUrl, MessageBody: "from 555" }));
    const receive = await errorOf(client.send(new ReceiveMessageCommand({ QueueUrl: sharedUrl })));
    expect(receive).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect(receive?.message).toContain("is not authorized to perform: sqs:ReceiveMessage");
    const noPolicy = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: "x" })),
    );
    expect(noPolicy?.message).toContain("because no resource-based policy allows the sqs:SendMessage action");
  });

  it("answers SQS's errors: unknown queue, bad attributes, bad receipt handle, FIFO", async () => {
    const client = sqs(owner);
    const missing = await errorOf(client.send(new GetQueueUrlCommand({ QueueName: "nope" })));
    expect(missing).toMatchObject({ name: "QueueDoesNotExist", $metadata: { httpStatusCode: 400 } });
    const url = await client.send(new GetQueueUrlCommand({ QueueName: "work" }));
    expect(url.QueueUrl).toBe(workUrl);
    const attribute = await errorOf(
      client.send(
        new SetQueueAttributesCommand({ QueueUrl: workUrl, Attributes: { VisibilityTimeout: "-1" } }),
      ),
    );
    expect(attribute?.name).toBe("InvalidAttributeValue");
    const handle = await errorOf(
      client.send(new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: "garbage" })),
    );
    expect(handle?.name).toBe("ReceiptHandleIsInvalid");
    const fifo = await errorOf(
      client.send(new CreateQueueCommand({ QueueName: "f", Attributes: { FifoQueue: "true" } })),
    );
    expect(fifo?.message).toContain("standard queues only");
    const created = await client.send(new CreateQueueCommand({ QueueName: "made-by-sdk" }));
    expect(created.QueueUrl).toBe(`${served.url}/${ACCOUNT}/made-by-sdk`);
  });
});

describe("SQS queues on disk", () => {
  it("keep their messages across a restart of the runtime", () => {
    const dir = mkdtempSync(join(tmpdir(), "accountmesh-sqs-"));
    const before = new SqsQueues(dir);
    const queue = new SqsQueue(ACCOUNT, REGION, "kept", {}, 1000);
    before.add(queue);
    queue.send({ body: "survives", md5OfBody: "x", messageAttributes: {}, senderId: ACCOUNT }, 1000);
    before.flush();
    const after = new SqsQueues(dir);
    expect(after.get(ACCOUNT, REGION, "kept")?.messages.map((m) => m.body)).toEqual(["survives"]);
  });
});
