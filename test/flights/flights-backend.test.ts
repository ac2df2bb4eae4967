// Acceptance scenarios of the flights backend (seed 002) through the entry point outside every VPC,
// with real curl: the seed's commands (booking → event → airmiles in the other account), CORS
// preflights, paging, bad input (400 JSON, never 5xx), and the policies across accounts — the
// airmiles account may not publish, a third account may not subscribe, and without the Lambda
// permission the function is never invoked and the failure is reported.
import {
  AddPermissionCommand,
  GetPolicyCommand,
  LambdaClient,
  RemovePermissionCommand,
} from "@aws-sdk/client-lambda";
import {
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { airmilesFor } from "../../src/handlers/flights/airmiles.js";
import { curl, jsonOf } from "../support/curl.js";
import {
  FLIGHTS_ACCOUNTS,
  type FlightsSystem,
  REGION,
  startFlightsSystem,
} from "../support/flights-system.js";
import { SEED_BOOKING, seedCreateBooking, seedGetAirmiles, seedListBookings } from "./seed-commands.js";

let flights: FlightsSystem;
const proxy = () => ({ proxy: flights.internet });
const book = async (body: object = SEED_BOOKING) => {
  const created = await curl(seedCreateBooking(flights.bookingApi, body), proxy());
  expect(created.status).toBe(200);
  return jsonOf(created) as { booking_number: string };
};
const airmilesOf = async (bookingNumber: string) =>
  jsonOf(await curl(seedGetAirmiles(flights.airmilesApi, bookingNumber), proxy())) as {
    data: Record<string, string>;
  };
const sns = (account: string) =>
  new SNSClient({
    endpoint: flights.endpoints.aws,
    region: REGION,
    credentials: flights.admin(account),
    maxAttempts: 1,
  });
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { name: string; message: string }) => error,
  );

beforeAll(async () => {
  flights = await startFlightsSystem();
});

afterAll(async () => {
  await flights?.stop();
});

describe("flights: the seed's commands through the entry point outside every VPC", () => {
  it("books a flight (the seed's event body), lists it, and its airmiles appear in the other account", async () => {
    const event = await book();
    expect(Object.keys(event).sort()).toEqual([
      "booking_number",
      "departure_date",
      "from_airport",
      "to_airport",
    ]);
    expect(event).toMatchObject({ from_airport: "DEL", to_airport: "MEL", departure_date: "12/04/2017" });
    expect(event.booking_number).toMatch(/^[A-Z0-9]{8}$/);
    const listed = jsonOf(await curl(seedListBookings(flights.bookingApi), proxy())) as Record<
      string,
      string
    >[];
    expect(listed).toContainEqual({ ...SEED_BOOKING, booking_number: event.booking_number });
    await expect
      .poll(() => airmilesOf(event.booking_number).then((r) => r.data.airmiles), {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(String(airmilesFor("DEL", "MEL", "Economy")));
    expect((await airmilesOf(event.booking_number)).data).toEqual({
      booking_number: event.booking_number,
      from_airport: "DEL",
      to_airport: "MEL",
      departure_date: "12/04/2017",
      airmiles: String(airmilesFor("DEL", "MEL", "Economy")),
    });
  });

  it("computes airmiles from the route and the class", async () => {
    const first = await book({
      ...SEED_BOOKING,
      from_airport: "JFK",
      to_airport: "LAX",
      booking_class: "First Class",
    });
    await expect
      .poll(() => airmilesOf(first.booking_number).then((r) => r.data.airmiles), {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(String(airmilesFor("JFK", "LAX", "First Class")));
    expect(airmilesFor("JFK", "LAX", "First Class")).toBeGreaterThan(airmilesFor("JFK", "LAX", "Business"));
  });

  it("answers CORS preflights as the seed's APIs do", async () => {
    const booking = await curl(["-k", "-X", "OPTIONS", `${flights.bookingApi}/Prod/bookings`], proxy());
    expect(booking.status).toBe(200);
    expect(booking.headers).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "POST,GET,OPTIONS",
      "access-control-allow-headers": "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token",
    });
    const airmiles = await curl(
      ["-k", "-X", "OPTIONS", `${flights.airmilesApi}/Prod/airmiles/ABCD1234`],
      proxy(),
    );
    expect(airmiles.headers["access-control-allow-methods"]).toBe("GET,OPTIONS");
    const created = await curl(seedCreateBooking(flights.bookingApi), proxy());
    expect(created.headers["access-control-allow-origin"]).toBe("*");
  });

  it("lists bookings a page at a time", async () => {
    await book();
    await book();
    const seen = new Set<string>();
    let url = `${flights.bookingApi}/Prod/bookings?limit=1`;
    for (let page = 0; page < 50; page++) {
      const result = await curl(["-k", url], proxy());
      expect(result.status).toBe(200);
      const items = jsonOf(result) as { booking_number: string }[];
      expect(items.length).toBeLessThanOrEqual(1);
      for (const item of items) seen.add(item.booking_number);
      const token = result.headers["x-next-token"];
      if (token === undefined) break;
      url = `${flights.bookingApi}/Prod/bookings?limit=1&nextToken=${encodeURIComponent(token)}`;
    }
    const all = jsonOf(
      await curl(["-k", `${flights.bookingApi}/Prod/bookings?limit=1000`], proxy()),
    ) as unknown[];
    expect(seen.size).toBe(all.length);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it("answers an unknown booking's airmiles with the seed's empty data", async () => {
    const unknown = await curl(seedGetAirmiles(flights.airmilesApi, "ZZZZ9999"), proxy());
    expect(unknown.status).toBe(200);
    expect(jsonOf(unknown)).toEqual({ data: {} });
  });
});

describe("flights: bad input is a 400 with a JSON message, never a 5xx", () => {
  const post = (body: string) =>
    curl(
      [
        "-k",
        "-H",
        "Content-Type: application/json",
        "-X",
        "POST",
        "--data-binary",
        "@-",
        `${flights.bookingApi}/Prod/bookings`,
      ],
      { ...proxy(), input: body },
    );
  const cases: [string, string, RegExp][] = [
    [
      "a missing field",
      JSON.stringify({ ...SEED_BOOKING, booking_class: undefined }),
      /booking_class is required/,
    ],
    [
      "an unknown airport",
      JSON.stringify({ ...SEED_BOOKING, to_airport: "XXX" }),
      /to_airport must be one of/,
    ],
    ["the same airport twice", JSON.stringify({ ...SEED_BOOKING, to_airport: "DEL" }), /must differ/],
    [
      "a bad date",
      JSON.stringify({ ...SEED_BOOKING, departure_date: "tomorrow" }),
      /departure_date must be a date/,
    ],
    ["a non-object", "[1,2]", /JSON object/],
    ["non-JSON", "first_name=Michael", /not JSON/],
    ["an empty body", "", /empty/],
    [
      "an oversized body",
      JSON.stringify({ ...SEED_BOOKING, first_name: "x".repeat(20_000) }),
      /at most 10240 bytes/,
    ],
  ];
  for (const [what, body, message] of cases) {
    it(`refuses ${what}`, async () => {
      const result = await post(body);
      expect(result.status).toBe(400);
      expect((jsonOf(result) as { message: string }).message).toMatch(message);
    });
  }

  it("refuses a bad page request and a bookingid that cannot be one", async () => {
    for (const query of ["limit=0", "limit=abc", "limit=1001", "nextToken=garbage"]) {
      const result = await curl(["-k", `${flights.bookingApi}/Prod/bookings?${query}`], proxy());
      expect(result.status).toBe(400);
      expect(jsonOf(result)).toMatchObject({ message: expect.any(String) });
    }
    const id = await curl(["-k", `${flights.airmilesApi}/Prod/airmiles/${"x".repeat(65)}`], proxy());
    expect(id.status).toBe(400);
    const route = await curl(["-k", `${flights.bookingApi}/Prod/nothing`], proxy());
    expect(route.status).toBe(403);
    expect(jsonOf(route)).toEqual({ message: "Missing Authentication Token" });
  });
});

describe("flights: who may do what across accounts (acceptance 3)", () => {
  it("lets the airmiles account list the topic's subscriptions but not publish", async () => {
    const listed = await sns(FLIGHTS_ACCOUNTS.airmiles).send(
      new ListSubscriptionsByTopicCommand({ TopicArn: flights.topicArn }),
    );
    expect(listed.Subscriptions?.map((s) => [s.Protocol, s.Owner])).toEqual([
      ["lambda", FLIGHTS_ACCOUNTS.airmiles],
    ]);
    const publish = await errorOf(
      sns(FLIGHTS_ACCOUNTS.airmiles).send(new PublishCommand({ TopicArn: flights.topicArn, Message: "{}" })),
    );
    expect(publish?.name).toBe("AuthorizationErrorException");
    expect(publish?.message).toContain(
      `is not authorized to perform: SNS:Publish on resource: ${flights.topicArn}`,
    );
  });

  it("refuses a subscription from a third account", async () => {
    const subscribe = await errorOf(
      sns(FLIGHTS_ACCOUNTS.stranger).send(
        new SubscribeCommand({
          TopicArn: flights.topicArn,
          Protocol: "sqs",
          Endpoint: `arn:aws:sqs:${REGION}:${FLIGHTS_ACCOUNTS.stranger}:spy`,
        }),
      ),
    );
    expect(subscribe?.name).toBe("AuthorizationErrorException");
    expect(subscribe?.message).toContain("SNS:Subscribe");
  });

  it("never invokes the airmiles function without its Lambda permission, and reports the failure", async () => {
    const lambda = new LambdaClient({
      endpoint: flights.endpoints.aws,
      region: REGION,
      credentials: flights.admin(FLIGHTS_ACCOUNTS.airmiles),
      maxAttempts: 1,
    });
    const functionName = "flights-airmiles-post-airmiles";
    const policy = JSON.parse(
      String((await lambda.send(new GetPolicyCommand({ FunctionName: functionName }))).Policy),
    ) as {
      Statement: {
        Sid: string;
        Principal: { Service?: string };
        Condition?: Record<string, Record<string, string>>;
      }[];
    };
    const statement = policy.Statement.find((s) => s.Principal.Service === "sns.amazonaws.com");
    expect(statement?.Condition?.ArnLike?.["AWS:SourceArn"]).toBe(flights.topicArn);
    await lambda.send(
      new RemovePermissionCommand({ FunctionName: functionName, StatementId: String(statement?.Sid) }),
    );
    try {
      const event = await book();
      await expect
        .poll(
          () =>
            flights.lines.some(
              (l) => l.includes("not delivered to lambda") && l.includes("AccessDeniedException"),
            ),
          { timeout: 20_000, interval: 250 },
        )
        .toBe(true);
      expect((await airmilesOf(event.booking_number)).data).toEqual({});
      expect(
        flights.functionLines.some((l) => l.includes(event.booking_number) && l.includes("post-airmiles")),
      ).toBe(false);
    } finally {
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: functionName,
          StatementId: "restored",
          Action: "lambda:InvokeFunction",
          Principal: "sns.amazonaws.com",
          SourceArn: flights.topicArn,
        }),
      );
    }
    const after = await book();
    await expect
      .poll(() => airmilesOf(after.booking_number).then((r) => r.data.airmiles), {
        timeout: 20_000,
        interval: 250,
      })
      .toBeDefined();
  });
});
