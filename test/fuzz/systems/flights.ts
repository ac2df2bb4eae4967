// The flights reference system (seed 002) as the fuzzer sees it: every route of the booking and
// airmiles REST APIs (POST/GET /Prod/bookings, GET /Prod/airmiles/{bookingid}, their CORS
// preflights) through the public execute-api names from outside every VPC and the APIs' direct
// loopback ports.
import * as fc from "fast-check";
import { curl, jsonOf } from "../../support/curl.js";
import { FLIGHTS_ACCOUNTS, REGION, startFlightsSystem } from "../../support/flights-system.js";
import type { Door, FuzzSystem, Route } from "../fuzz-system.js";

const AIRPORT = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("DEL", "MEL", "SYD", "SFO", "SAN", "JFK", "LAX") },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
);
const CLASS = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("Economy", "Premium Economy", "Business", "First Class") },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const DATE = fc.oneof(
  fc.constantFrom("12/04/2017", "2017-04-12", "2017-04-12T00:00:00.000Z", "2017-02-30", "tomorrow", ""),
  fc.string({ maxLength: 12 }),
);
const NAME = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\u0000", "__proto__", "constructor") },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => "n".repeat(n)) },
);

function routes(): Route[] {
  const booking = fc
    .record(
      {
        first_name: NAME,
        last_name: NAME,
        from_airport: AIRPORT,
        to_airport: AIRPORT,
        departure_date: DATE,
        return_date: DATE,
        age_group: fc.oneof(fc.constantFrom("Adult", "Child", "Infant"), fc.string({ maxLength: 8 })),
        booking_class: CLASS,
      },
      { requiredKeys: [] },
    )
    .map((b) => JSON.stringify(b));
  const body = fc.oneof(
    { weight: 5, arbitrary: booking },
    { weight: 1, arbitrary: booking.map((text) => text.slice(0, Math.floor(text.length / 2))) },
    {
      weight: 1,
      arbitrary: booking.map((text) =>
        Buffer.concat([Buffer.from(text.slice(0, 5)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(5))]),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  );
  const page = fc
    .record({
      limit: fc.option(
        fc.oneof(fc.integer({ min: -5, max: 1200 }).map(String), fc.constantFrom("ten", "1.5", "", "1e3")),
      ),
      nextToken: fc.option(
        fc.oneof(
          fc.base64String({ maxLength: 40 }),
          fc.string({ maxLength: 20 }).map((s) => Buffer.from(s).toString("base64url")),
        ),
      ),
    })
    .map((q) =>
      new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== null)).toString(),
    );
  const bookingId = fc
    .oneof(
      {
        weight: 3,
        arbitrary: fc.string({
          unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
          minLength: 8,
          maxLength: 8,
        }),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map(encodeURIComponent) },
    )
    .map((id) => `/Prod/airmiles/${id}`);
  return [
    {
      name: "POST /Prod/bookings",
      method: "POST",
      path: fc.constant("/Prod/bookings"),
      body,
      contentType: "application/json",
      doors: BOOKING_DOORS,
    },
    {
      name: "GET /Prod/bookings",
      method: "GET",
      path: fc.constant("/Prod/bookings"),
      query: page,
      doors: BOOKING_DOORS,
    },
    {
      name: "OPTIONS /Prod/bookings",
      method: "OPTIONS",
      path: fc.constant("/Prod/bookings"),
      doors: BOOKING_DOORS,
    },
    { name: "GET /Prod/airmiles/{bookingid}", method: "GET", path: bookingId, doors: AIRMILES_DOORS },
    { name: "OPTIONS /Prod/airmiles/{bookingid}", method: "OPTIONS", path: bookingId, doors: AIRMILES_DOORS },
  ];
}

const BOOKING_DOORS = ["outside every VPC → booking public execute-api name", "booking API loopback port"];
const AIRMILES_DOORS = ["outside every VPC → airmiles public execute-api name", "airmiles API loopback port"];

/** Starts the flights system (in memory) and describes it for the fuzzer. */
export async function startFlightsFuzzSystem(): Promise<FuzzSystem> {
  const flights = await startFlightsSystem();
  const host = (url: string) => new URL(url).hostname;
  const port = (url: string) => Number(new URL(url).port);
  const doors: Door[] = [
    {
      name: BOOKING_DOORS[0] as string,
      way: { kind: "proxy", proxy: flights.internet, host: host(flights.bookingApi), port: 443 },
      host: host(flights.bookingApi),
    },
    {
      name: BOOKING_DOORS[1] as string,
      way: { kind: "tcp", port: port(flights.bookingLocal) },
      host: host(flights.bookingApi),
    },
    {
      name: AIRMILES_DOORS[0] as string,
      way: { kind: "proxy", proxy: flights.internet, host: host(flights.airmilesApi), port: 443 },
      host: host(flights.airmilesApi),
    },
    {
      name: AIRMILES_DOORS[1] as string,
      way: { kind: "tcp", port: port(flights.airmilesLocal) },
      host: host(flights.airmilesApi),
    },
  ];
  return {
    name: "flights",
    doors,
    routes: routes(),
    hostNames: doors.map((door) => door.host),
    endpoints: flights.endpoints,
    scratchAccounts: [FLIGHTS_ACCOUNTS.booking],
    resourceNames: [
      flights.topicArn,
      flights.deadLetterQueueUrl,
      `arn:aws:sqs:${REGION}:${FLIGHTS_ACCOUNTS.airmiles}:dlq`,
      "flights-booking-post-booking",
    ],
    async stillServes() {
      const created = await curl(
        [
          "-k",
          "-X",
          "POST",
          `${flights.bookingApi}/Prod/bookings`,
          "-H",
          "Content-Type: application/json",
          "-d",
          '{"first_name":"After","last_name":"Fuzz","from_airport":"SYD","to_airport":"MEL","departure_date":"12/04/2017","return_date":"21/04/2017","age_group":"Adult","booking_class":"Business"}',
        ],
        { proxy: flights.internet },
      );
      if (created.status !== 200)
        throw new Error(`after the fuzz, POST answered ${created.status} ${created.body}`);
      const { booking_number } = jsonOf(created) as { booking_number: string };
      for (let i = 0; i < 80; i++) {
        const read = await curl(["-k", `${flights.airmilesApi}/Prod/airmiles/${booking_number}`], {
          proxy: flights.internet,
        });
        if ((jsonOf(read) as { data: { airmiles?: string } }).data.airmiles !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`after the fuzz, booking ${booking_number} got no airmiles within 20 s`);
    },
    stop: () => flights.stop(),
  };
}
