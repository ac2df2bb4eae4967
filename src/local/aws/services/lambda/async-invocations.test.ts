// Lambda's asynchronous invocation through its real edges: an Event Invoke by the AWS SDK, the
// function run by the host, retries (twice, on the local time scale), the on-failure destination and
// the function's dead-letter queue (SQS, reached as the execution role).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
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
import { sqsPlugin } from "../sqs/sqs-plugin.js";
import { lambdaPlugin } from "./lambda-plugin.js";

const ACCOUNT = "444444444444";
const REGION = "eu-central-1";
const stack = testStack(ACCOUNT, "Async");
const dir = mkdtempSync(join(tmpdir(), "accountmesh-async-"));
// Fails while the counter file of the event says fewer than `failures` attempts were made.
const FLAKY = `const fs = require("node:fs");
exports.handler = async (event) => {
  const file = event.counter;
  const seen = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : 0;
  fs.writeFileSync(file, String(seen + 1));
  if (seen < event.failures) throw new Error("attempt " + (seen + 1) + " fails");
  return { ok: true, attempts: seen + 1 };
};`;
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

let world: PlatformUnderTest;
let served: ServedHandler;
let caller: AwsCredentials;
const lines: string[] = [];

const invoke = (payload: unknown) =>
  new LambdaClient({ endpoint: served.url, region: REGION, credentials: { ...caller }, maxAttempts: 1 }).send(
    new InvokeCommand({ FunctionName: "flaky", InvocationType: "Event", Payload: JSON.stringify(payload) }),
  );
const receive = (queue: string) =>
  new SQSClient({ endpoint: served.url, region: REGION, credentials: { ...caller }, maxAttempts: 1 }).send(
    new ReceiveMessageCommand({
      QueueUrl: `${served.url}/${ACCOUNT}/${queue}`,
      WaitTimeSeconds: 20,
      MessageAttributeNames: ["All"],
    }),
  );

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, sqsPlugin, lambdaPlugin], [stack], (line) => lines.push(line));
  const dlq = await world.create(stack, "Dlq", "AWS::SQS::Queue", { QueueName: "flaky-dlq" });
  const failures = await world.create(stack, "Failures", "AWS::SQS::Queue", { QueueName: "flaky-failures" });
  const role = await world.create(stack, "FlakyRole", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "dlq",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: "sqs:SendMessage",
              Resource: [dlq.attributes?.Arn, failures.attributes?.Arn],
            },
          ],
        },
      },
    ],
  });
  const fn = await world.create(stack, "Flaky", "AWS::Lambda::Function", {
    FunctionName: "flaky",
    Runtime: "nodejs22.x",
    Handler: "index.handler",
    Role: role.attributes?.Arn,
    Code: { ZipFile: FLAKY },
    DeadLetterConfig: { TargetArn: dlq.attributes?.Arn },
  });
  await world.create(stack, "FlakyAsync", "AWS::Lambda::EventInvokeConfig", {
    FunctionName: fn.ref,
    Qualifier: "$LATEST",
    MaximumRetryAttempts: 2,
    DestinationConfig: { OnFailure: { Destination: failures.attributes?.Arn } },
  });
  const callerRole = await world.create(stack, "Caller", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "p",
        PolicyDocument: {
          Statement: [
            { Effect: "Allow", Action: ["lambda:InvokeFunction", "sqs:ReceiveMessage"], Resource: "*" },
          ],
        },
      },
    ],
  });
  caller = world.platform.credentials.forRole(String(callerRole.attributes?.Arn));
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
  await world.ready();
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
});

describe("Lambda asynchronous invocation", () => {
  it("answers 202 at once and retries a failing event until it succeeds (third attempt)", async () => {
    const counter = join(dir, "twice");
    const accepted = await invoke({ counter, failures: 2 });
    expect(accepted.StatusCode).toBe(202);
    await expect.poll(() => readCount(counter), { timeout: 30_000, interval: 200 }).toBe(3);
  });

  it("parks an event that fails every attempt in the DLQ and the on-failure destination", async () => {
    const counter = join(dir, "always");
    const payload = { counter, failures: 99 };
    const accepted = await invoke(payload);
    const parked = await receive("flaky-dlq");
    const message = parked.Messages?.[0];
    expect(JSON.parse(message?.Body ?? "")).toEqual(payload);
    expect(message?.MessageAttributes).toMatchObject({
      RequestID: { DataType: "String", StringValue: accepted.$metadata.requestId },
      ErrorCode: { DataType: "Number", StringValue: "200" },
      ErrorMessage: { DataType: "String", StringValue: "attempt 3 fails" },
    });
    expect(readCount(counter)).toBe(3);
    const record = JSON.parse((await receive("flaky-failures")).Messages?.[0]?.Body ?? "");
    expect(record).toMatchObject({
      version: "1.0",
      requestContext: {
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
        functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:flaky:$LATEST`,
      },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "attempt 3 fails" },
    });
    expect(lines.some((l) => l.includes("dropped after 3 attempt(s) (RetriesExhausted"))).toBe(true);
  });
});

function readCount(file: string): number {
  try {
    return Number(readFileSync(file, "utf8"));
  } catch {
    return 0;
  }
}
