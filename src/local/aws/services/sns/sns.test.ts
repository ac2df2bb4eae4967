// SNS through its real edges: @aws-sdk/client-sns (awsQuery) against the local AWS endpoint, topics
// and subscriptions from their providers across three accounts (the seed's topic policy: the
// subscriber account may only Subscribe and ListSubscriptionsByTopic), delivery to a function of
// another account (its Lambda permission scoped by SourceArn) and to a queue (raw, filtered).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
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
import { lambdaPlugin } from "../lambda/lambda-plugin.js";
import { sqsPlugin } from "../sqs/sqs-plugin.js";
import { snsPlugin } from "./sns-plugin.js";

const BOOKING = "444444444444";
const AIRMILES = "555555555555";
const STRANGER = "666666666666";
const REGION = "eu-central-1";
const booking = testStack(BOOKING, "Booking");
const airmiles = testStack(AIRMILES, "Airmiles");
const stranger = testStack(STRANGER, "Stranger");
const dir = mkdtempSync(join(tmpdir(), "accountmesh-sns-"));
const RECORDER = `const fs = require("node:fs");
exports.handler = async (event) => { fs.appendFileSync(process.env.FILE, JSON.stringify(event) + "\\n"); };`;
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const lines: string[] = [];
let world: PlatformUnderTest;
let served: ServedHandler;
let topicArn: string;
let publisher: AwsCredentials;
let subscriber: AwsCredentials;
let outsider: AwsCredentials;

const sns = (credentials: AwsCredentials) =>
  new SNSClient({ endpoint: served.url, region: REGION, credentials: { ...credentials }, maxAttempts: 1 });
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => error,
  );
const recorded = (file: string): unknown[] => {
  try {
    return readFileSync(join(dir, file), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  world = await platformUnderTest(
    [iamPlugin, sqsPlugin, lambdaPlugin, snsPlugin],
    [booking, airmiles, stranger],
    (l) => lines.push(l),
  );
  const role = async (stack: typeof booking, name: string, actions: string[]) => {
    const created = await world.create(stack, name, "AWS::IAM::Role", {
      AssumeRolePolicyDocument: trust,
      Policies: [
        {
          PolicyName: "p",
          PolicyDocument: { Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] },
        },
      ],
    });
    return {
      arn: String(created.attributes?.Arn),
      credentials: world.platform.credentials.forRole(String(created.attributes?.Arn)),
    };
  };
  const topic = await world.create(booking, "BookingTopic", "AWS::SNS::Topic", {});
  topicArn = String(topic.ref);
  await world.create(booking, "BookingTopicPolicy", "AWS::SNS::TopicPolicy", {
    Topics: [topicArn],
    PolicyDocument: {
      Id: "BookingTopicPolicy",
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "BookingTopicPolicy-stmt1",
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${BOOKING}:root`] },
          Action: [
            "sns:Publish",
            "sns:RemovePermission",
            "sns:SetTopicAttributes",
            "sns:DeleteTopic",
            "sns:ListSubscriptionsByTopic",
            "sns:GetTopicAttributes",
            "sns:Receive",
            "sns:AddPermission",
            "sns:Subscribe",
          ],
          Resource: topicArn,
        },
        {
          Sid: "BookingTopicPolicy-stmt2",
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${AIRMILES}:root`] },
          Action: ["sns:Subscribe", "sns:ListSubscriptionsByTopic"],
          Resource: topicArn,
        },
      ],
    },
  });
  const fnRole = await role(airmiles, "RecorderRole", ["logs:*"]);
  const fn = async (name: string) =>
    world.create(airmiles, name, "AWS::Lambda::Function", {
      FunctionName: name,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: fnRole.arn,
      Code: { ZipFile: RECORDER },
      Environment: { Variables: { FILE: join(dir, name) } },
    });
  const permitted = await fn("permitted");
  const forgotten = await fn("forgotten");
  await world.create(airmiles, "Permission", "AWS::Lambda::Permission", {
    FunctionName: permitted.attributes?.Arn,
    Action: "lambda:InvokeFunction",
    Principal: "sns.amazonaws.com",
    SourceArn: topicArn,
  });
  await world.create(airmiles, "PermittedSub", "AWS::SNS::Subscription", {
    TopicArn: topicArn,
    Protocol: "lambda",
    Endpoint: permitted.attributes?.Arn,
  });
  await world.create(airmiles, "ForgottenSub", "AWS::SNS::Subscription", {
    TopicArn: topicArn,
    Protocol: "lambda",
    Endpoint: forgotten.attributes?.Arn,
  });
  const queue = await world.create(booking, "Audit", "AWS::SQS::Queue", { QueueName: "audit" });
  await world.create(booking, "AuditPolicy", "AWS::SQS::QueuePolicy", {
    Queues: [queue.ref],
    PolicyDocument: {
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "sns.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.attributes?.Arn,
          Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
        },
      ],
    },
  });
  await world.create(booking, "AuditSub", "AWS::SNS::Subscription", {
    TopicArn: topicArn,
    Protocol: "sqs",
    Endpoint: queue.attributes?.Arn,
    RawMessageDelivery: true,
    FilterPolicy: { kind: ["booking"] },
  });
  publisher = (await role(booking, "Publisher", ["sns:*", "sqs:*"])).credentials;
  subscriber = (await role(airmiles, "Subscriber", ["sns:*", "lambda:*"])).credentials;
  outsider = (await role(stranger, "Outsider", ["sns:*"])).credentials;
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
  await world.ready();
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
});

describe("SNS across accounts (the seed's topic policy)", () => {
  it("delivers a MessageStructure json publish to the permitted function of the other account, in Lambda's event shape", async () => {
    const event = JSON.stringify({
      booking_number: "ABCD1234",
      from_airport: "DEL",
      to_airport: "MEL",
      departure_date: "12/04/2017",
    });
    const published = await sns(publisher).send(
      new PublishCommand({
        TopicArn: topicArn,
        MessageStructure: "json",
        Message: JSON.stringify({ default: event }),
      }),
    );
    await expect.poll(() => recorded("permitted").length, { timeout: 20_000 }).toBe(1);
    const [record] = recorded("permitted") as {
      Records: { Sns: Record<string, unknown>; EventSource: string; EventSubscriptionArn: string }[];
    }[];
    expect(record?.Records[0]).toMatchObject({
      EventVersion: "1.0",
      EventSource: "aws:sns",
      EventSubscriptionArn: expect.stringMatching(new RegExp(`^${topicArn}:`)),
    });
    expect(record?.Records[0]?.Sns).toMatchObject({
      Type: "Notification",
      MessageId: published.MessageId,
      TopicArn: topicArn,
      Subject: null,
      Message: event,
      SignatureVersion: "1",
      SigningCertUrl: expect.stringContaining(`https://sns.${REGION}.amazonaws.com/`),
      UnsubscribeUrl: expect.stringContaining("Action=Unsubscribe"),
      MessageAttributes: {},
    });
  });

  it("never invokes a function without the Lambda permission, and says so", async () => {
    await sns(publisher).send(new PublishCommand({ TopicArn: topicArn, Message: "second" }));
    await expect.poll(() => recorded("permitted").length, { timeout: 20_000 }).toBe(2);
    await expect
      .poll(
        () => lines.filter((l) => l.includes("lambda:InvokeFunction") && l.includes("forgotten")).length,
        { timeout: 20_000 },
      )
      .toBe(2);
    expect(recorded("forgotten")).toEqual([]);
    expect(lines.find((l) => l.includes("forgotten"))).toContain("client error, not retried");
  });

  it("delivers raw to a queue whose filter policy matches, through the queue policy", async () => {
    await sns(publisher).send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          {
            Id: "a",
            Message: "for audit",
            MessageAttributes: { kind: { DataType: "String", StringValue: "booking" } },
          },
          {
            Id: "b",
            Message: "filtered out",
            MessageAttributes: { kind: { DataType: "String", StringValue: "other" } },
          },
        ],
      }),
    );
    const got = await new SQSClient({
      endpoint: served.url,
      region: REGION,
      credentials: { ...publisher },
      maxAttempts: 1,
    }).send(
      new ReceiveMessageCommand({
        QueueUrl: `${served.url}/${BOOKING}/audit`,
        WaitTimeSeconds: 10,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
      }),
    );
    expect(got.Messages?.map((m) => m.Body)).toEqual(["for audit"]);
    expect(got.Messages?.[0]?.MessageAttributes).toEqual({
      kind: { DataType: "String", StringValue: "booking" },
    });
  });

  it("lets the airmiles account list subscriptions but not publish; a third account may not subscribe", async () => {
    const listed = await sns(subscriber).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions?.map((s) => s.Protocol).sort()).toEqual(["lambda", "lambda", "sqs"]);
    const publish = await errorOf(
      sns(subscriber).send(new PublishCommand({ TopicArn: topicArn, Message: "x" })),
    );
    expect(publish).toMatchObject({
      name: "AuthorizationErrorException",
      $metadata: { httpStatusCode: 403 },
    });
    expect(publish?.message).toContain(`is not authorized to perform: SNS:Publish on resource: ${topicArn}`);
    const subscribe = await errorOf(
      sns(outsider).send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: "lambda",
          Endpoint: `arn:aws:lambda:${REGION}:${STRANGER}:function:spy`,
        }),
      ),
    );
    expect(subscribe).toMatchObject({
      name: "AuthorizationErrorException",
      $metadata: { httpStatusCode: 403 },
    });
    const attributes = await errorOf(
      sns(subscriber).send(new GetTopicAttributesCommand({ TopicArn: topicArn })),
    );
    expect(attributes?.name).toBe("AuthorizationErrorException");
  });

  it("shows subscription attributes and answers SNS's errors", async () => {
    const listed = await sns(publisher).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const queueSub = listed.Subscriptions?.find((s) => s.Protocol === "sqs");
    const attributes = await sns(publisher).send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: queueSub?.SubscriptionArn }),
    );
    expect(attributes.Attributes).toMatchObject({
      RawMessageDelivery: "true",
      FilterPolicy: '{"kind":["booking"]}',
      PendingConfirmation: "false",
      Owner: BOOKING,
    });
    const topic = await sns(publisher).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(topic.Attributes).toMatchObject({
      TopicArn: topicArn,
      Owner: BOOKING,
      SubscriptionsConfirmed: "3",
    });
    const missing = await errorOf(
      sns(publisher).send(
        new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${BOOKING}:nope`, Message: "x" }),
      ),
    );
    expect(missing).toMatchObject({ name: "NotFoundException", $metadata: { httpStatusCode: 404 } });
    const structure = await errorOf(
      sns(publisher).send(
        new PublishCommand({ TopicArn: topicArn, MessageStructure: "json", Message: '{"lambda":"x"}' }),
      ),
    );
    expect(structure).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("No default entry"),
    });
    const tooLong = await errorOf(
      sns(publisher).send(new PublishCommand({ TopicArn: topicArn, Message: "x".repeat(262_145) })),
    );
    expect(tooLong?.message).toContain("Message too long");
  });

  it("gives a topic without a policy SNS's default one: its own account only", async () => {
    const own = await world.create(booking, "Plain", "AWS::SNS::Topic", { TopicName: "plain" });
    const owner = await world.create(booking, "NoIdentity", "AWS::IAM::Role", {
      AssumeRolePolicyDocument: trust,
    });
    const credentials = world.platform.credentials.forRole(String(owner.attributes?.Arn));
    await sns(credentials).send(new PublishCommand({ TopicArn: String(own.ref), Message: "mine" }));
    const foreign = await errorOf(
      sns(subscriber).send(new PublishCommand({ TopicArn: String(own.ref), Message: "x" })),
    );
    expect(foreign?.name).toBe("AuthorizationErrorException");
  });
});
