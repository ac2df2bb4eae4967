// B11: the flights event path, booking → airmiles visible. Through the runtime: POST /Prod/bookings
// on the booking API's loopback port, then GET /Prod/airmiles/{id} every 10 ms until the airmiles
// show — the table's stream, the outbox function, SNS across accounts, Lambda's event queue, the
// airmiles function and its table in between. The floor: the same handlers called in-process against
// DynamoDB Local directly (post-booking, post-airmiles with the SNS event, get-airmiles), no stream,
// no topic, no gateway. Both at the same concurrency, for the same number of bookings.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startDynamoDbLocal } from "../../src/local/aws/services/dynamodb/dynamodb-local.js";
import { startRuntime } from "../../src/local/runtime.js";
import type { BenchContext } from "./context.js";

export interface FlightsPoint {
  readonly bookings: number;
  readonly concurrency: number;
  readonly bookingsPerSecond: number;
  /** Booking sent → airmiles readable, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface FlightsBenchResult {
  readonly runtime: FlightsPoint;
  readonly floor: FlightsPoint;
}

const BOOKING = {
  first_name: "Bench",
  last_name: "Mark",
  from_airport: "SYD",
  to_airport: "LAX",
  departure_date: "2017-04-12",
  return_date: "2017-04-21",
  age_group: "Adult",
  booking_class: "Business",
};

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

async function drive(count: number, concurrency: number, one: () => Promise<void>): Promise<FlightsPoint> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t0 = performance.now();
        await one();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    bookings: count,
    concurrency,
    bookingsPerSecond: round(count / elapsed),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

async function runtimePath(context: BenchContext, count: number, concurrency: number): Promise<FlightsPoint> {
  const system = await startRuntime({
    assemblyDir: context.assemblyDir,
    dataDir: mkdtempSync(join(context.workDir, "b11-")),
    inMemory: true,
    portBase: 0,
    // The system's own stacks; not FlightsPipeline (the tools account: deploy-time only, nothing runs).
    stacks: ["FlightsBooking", "FlightsAirmiles", "FlightsWeb"],
    log: () => {},
    functionLog: () => {},
  });
  try {
    const apis = system.endpoints.restApiEndpoints as Record<string, { local?: string }>;
    const booking = String(apis["444444444444/flights-booking-api"]?.local).replace(/\/$/, "");
    const airmiles = String(apis["555555555555/flights-airmiles-api"]?.local).replace(/\/$/, "");
    const one = async () => {
      const created = await fetch(`${booking}/Prod/bookings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(BOOKING),
      });
      if (created.status !== 200)
        throw new Error(`B11: POST answered ${created.status} ${await created.text()}`);
      const { booking_number } = (await created.json()) as { booking_number: string };
      for (;;) {
        const read = (await (await fetch(`${airmiles}/Prod/airmiles/${booking_number}`)).json()) as {
          data: { airmiles?: string };
        };
        if (read.data.airmiles !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await drive(Math.min(20, count), concurrency, one); // warm-up: every function started once
    return await drive(count, concurrency, one);
  } finally {
    await system.stop();
  }
}

async function floorPath(count: number, concurrency: number): Promise<FlightsPoint> {
  const engine = await startDynamoDbLocal({ port: 0, inMemory: true });
  const saved = { ...process.env };
  const log = console.log;
  console.log = () => {}; // the handlers' JSON log lines (Lambda would send them to CloudWatch)
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: engine.endpoint,
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      BOOKING_TABLE_NAME: "b11-bookings",
      AIRMILES_TABLE_NAME: "b11-airmiles",
    });
    const client = new DynamoDBClient({});
    for (const table of ["b11-bookings", "b11-airmiles"]) {
      await client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: "PAY_PER_REQUEST",
          KeySchema: [{ AttributeName: "booking_number", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "booking_number", AttributeType: "S" }],
        }),
      );
    }
    const post = await import("../../src/handlers/flights/post-booking.js");
    const consume = await import("../../src/handlers/flights/post-airmiles.js");
    const read = await import("../../src/handlers/flights/get-airmiles.js");
    const one = async () => {
      const created = await post.handler({ body: JSON.stringify(BOOKING), isBase64Encoded: false } as never);
      const event = JSON.parse(created.body) as Record<string, string>;
      await consume.handler({
        Records: [
          {
            EventSource: "aws:sns",
            Sns: { Message: JSON.stringify({ ...event, booking_class: BOOKING.booking_class }) },
          },
        ],
      } as never);
      const answer = await read.handler({ pathParameters: { bookingid: event.booking_number } } as never);
      if (!answer.body.includes("airmiles")) throw new Error(`B11 floor: no airmiles in ${answer.body}`);
    };
    await drive(Math.min(20, count), concurrency, one);
    return await drive(count, concurrency, one);
  } finally {
    process.env = saved;
    console.log = log;
    await engine.stop();
  }
}

export async function runFlightsBench(
  context: BenchContext,
  count = 300,
  concurrency = 8,
): Promise<FlightsBenchResult> {
  context.log(
    `B11: flights booking → airmiles visible, ${count} bookings, ${concurrency} at a time, through the runtime ...`,
  );
  const runtime = await runtimePath(context, count, concurrency);
  context.log("B11: the same handlers in-process against DynamoDB Local (the floor) ...");
  const floor = await floorPath(count, concurrency);
  return { runtime, floor };
}
