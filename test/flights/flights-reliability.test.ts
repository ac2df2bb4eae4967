// Reliability of the flights event path (acceptance 4, in one runtime): a poison event lands in the
// airmiles dead-letter queue with its payload; with the consumer failing 30% of its invocations,
// 500 bookings end with exactly 500 airmiles records, each the route's value — Lambda's retries
// absorb most failures, and what runs out of retries is parked in the DLQ and redriven by hand, as a
// person would (`aws lambda invoke --invocation-type Event --payload <message body>`). The kill -9
// part is test/crash (the flights workload).
import { request } from "node:http";
import { DynamoDBClient, ListTablesCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { airmilesFor } from "../../src/handlers/flights/airmiles.js";
import {
  FLIGHTS_ACCOUNTS,
  type FlightsSystem,
  REGION,
  startFlightsSystem,
} from "../support/flights-system.js";

const FUNCTION = "flights-airmiles-post-airmiles";
const BOOKINGS = 500;
const ROUTES = [
  ["DEL", "MEL"],
  ["SYD", "LAX"],
  ["JFK", "SFO"],
  ["MEL", "SYD"],
  ["LAX", "DEL"],
] as const;
const CLASSES = ["Economy", "Premium Economy", "Business", "First Class"] as const;

let flights: FlightsSystem;
const client = <T>(Client: new (config: object) => T, account: string): T =>
  new Client({
    endpoint: flights.endpoints.aws,
    region: REGION,
    credentials: flights.admin(account),
    maxAttempts: 1,
  });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function airmilesItems(): Promise<Map<string, string>> {
  const dynamodb = client(DynamoDBClient, FLIGHTS_ACCOUNTS.airmiles);
  const tables = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
  const table = tables.find((name) => name.includes("Airmiles"));
  const items = new Map<string, string>();
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: table, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
    );
    for (const item of page.Items ?? []) items.set(String(item.booking_number?.S), String(item.airmiles?.S));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start !== undefined);
  return items;
}

beforeAll(async () => {
  flights = await startFlightsSystem();
});

afterAll(async () => {
  await flights?.stop();
});

describe("flights: reliability of booking → airmiles", () => {
  it("parks a poison event in the dead-letter queue with its payload, after Lambda's two retries", async () => {
    const poison = JSON.stringify({ booking_number: "not-a-number", from_airport: "DEL", to_airport: "MEL" });
    await client(SNSClient, FLIGHTS_ACCOUNTS.booking).send(
      new PublishCommand({
        TopicArn: flights.topicArn,
        MessageStructure: "json",
        Message: JSON.stringify({ default: poison }),
      }),
    );
    const sqs = client(SQSClient, FLIGHTS_ACCOUNTS.airmiles);
    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: flights.deadLetterQueueUrl,
        WaitTimeSeconds: 20,
        MessageAttributeNames: ["All"],
      }),
    );
    const message = got.Messages?.[0];
    const event = JSON.parse(String(message?.Body)) as {
      Records: { Sns: { Message: string; TopicArn: string } }[];
    };
    expect(event.Records[0]?.Sns).toMatchObject({ Message: poison, TopicArn: flights.topicArn });
    expect(message?.MessageAttributes?.ErrorMessage?.StringValue).toContain("not 8 × [A-Z0-9]");
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: flights.deadLetterQueueUrl,
        ReceiptHandle: message?.ReceiptHandle,
      }),
    );
  });

  it("ends 500 bookings with exactly 500 airmiles records of the right value while the consumer fails 30% of the time", async () => {
    const lambda = client(LambdaClient, FLIGHTS_ACCOUNTS.airmiles);
    const current = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: FUNCTION }));
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: FUNCTION,
        Environment: { Variables: { ...current.Environment?.Variables, INJECTED_FAILURE_RATE: "0.3" } },
      }),
    );
    const expected = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < BOOKINGS) {
        const n = next++;
        const [from, to] = ROUTES[n % ROUTES.length] as readonly [string, string];
        const bookingClass = CLASSES[n % CLASSES.length] as string;
        const body = {
          first_name: "Load",
          last_name: `No${n}`,
          from_airport: from,
          to_airport: to,
          departure_date: "2017-04-12",
          return_date: "2017-04-21",
          age_group: "Adult",
          booking_class: bookingClass,
        };
        const answer = await post(
          `${flights.bookingLocal.replace(/\/$/, "")}/Prod/bookings`,
          JSON.stringify(body),
        );
        expect(answer.status).toBe(200);
        expected.set(
          (JSON.parse(answer.text) as { booking_number: string }).booking_number,
          String(airmilesFor(from, to, bookingClass)),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(expected.size).toBe(BOOKINGS);

    // Wait for the deliveries and Lambda's retries; redrive what runs out of retries, as a person would.
    const sqs = client(SQSClient, FLIGHTS_ACCOUNTS.airmiles);
    let redriven = 0;
    const deadline = Date.now() + 180_000;
    let stored = await airmilesItems();
    while (stored.size < BOOKINGS && Date.now() < deadline) {
      const parked = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: flights.deadLetterQueueUrl,
          WaitTimeSeconds: 2,
          MaxNumberOfMessages: 10,
        }),
      );
      for (const message of parked.Messages ?? []) {
        await lambda.send(
          new InvokeCommand({
            FunctionName: FUNCTION,
            InvocationType: "Event",
            Payload: Buffer.from(String(message.Body)),
          }),
        );
        await sqs.send(
          new DeleteMessageCommand({
            QueueUrl: flights.deadLetterQueueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
        redriven++;
      }
      stored = await airmilesItems();
    }
    console.log(`reliability: ${BOOKINGS} bookings, ${redriven} events redriven from the DLQ by hand`);
    expect(stored.size).toBe(BOOKINGS);
    const wrong = [...expected].filter(([booking, miles]) => stored.get(booking) !== miles);
    expect(wrong).toEqual([]);
  }, 300_000);
});
