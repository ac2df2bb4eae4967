// The flights system's crash workload: bookings created with POST /Prod/bookings through the booking
// API's loopback port; after the restart, each acknowledged booking must get exactly its airmiles
// (the outbox, the SNS delivery and Lambda's event queue resume from the data directory), and the
// tables as a whole must hold no duplicate and nothing unaccounted for (flights-audit.ts).
import { Agent, request } from "node:http";
import { airmilesFor } from "../../../src/handlers/flights/airmiles.js";
import type { EndpointsFile } from "../../../src/local/endpoints-file.js";
import { FLIGHTS_ACCOUNTS } from "../../support/flights-system.js";
import type { CrashWorkload } from "../crash-scenario.js";
import { auditFlights, withoutAirmiles } from "./flights-audit.js";

interface Booked {
  readonly booking_number: string;
  readonly from_airport: string;
  readonly to_airport: string;
  readonly departure_date: string;
  readonly booking_class: string;
}

const ROUTES = [
  ["DEL", "MEL"],
  ["SYD", "LAX"],
  ["JFK", "SFO"],
  ["MEL", "SYD"],
] as const;
const CLASSES = ["Economy", "Premium Economy", "Business", "First Class"] as const;
let agent = new Agent({ keepAlive: true });

function call(url: string, method: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method, agent, headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

function api(endpoints: EndpointsFile, key: string): string {
  const apis = endpoints.restApiEndpoints as Record<string, { local?: string }> | undefined;
  const local = apis?.[key]?.local;
  if (local === undefined) throw new Error(`endpoints.json has no loopback URL for ${key}`);
  return local.replace(/\/$/, "");
}

export const flightsCrashWorkload: CrashWorkload<Booked> = {
  async write(endpoints, n) {
    const [from, to] = ROUTES[n % ROUTES.length] as readonly [string, string];
    const booking_class = CLASSES[n % CLASSES.length] as string;
    const body = {
      first_name: "Crash",
      last_name: `No${n}`,
      from_airport: from,
      to_airport: to,
      departure_date: "12/04/2017",
      return_date: "21/04/2017",
      age_group: "Adult",
      booking_class,
    };
    const answer = await call(
      `${api(endpoints, `${FLIGHTS_ACCOUNTS.booking}/flights-booking-api`)}/Prod/bookings`,
      "POST",
      JSON.stringify(body),
    );
    if (answer.status !== 200) return undefined;
    return { ...(JSON.parse(answer.text) as Omit<Booked, "booking_class">), booking_class };
  },
  async readBack(endpoints, booked) {
    const url = `${api(endpoints, `${FLIGHTS_ACCOUNTS.airmiles}/flights-airmiles-api`)}/Prod/airmiles/${booked.booking_number}`;
    let last: { status: number; body: unknown } = { status: 0, body: undefined };
    for (let i = 0; i < 240; i++) {
      const answer = await call(url, "GET");
      last = { status: answer.status, body: sorted(JSON.parse(answer.text)) };
      if ((last.body as { data?: { airmiles?: string } }).data?.airmiles !== undefined) return last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return last;
  },
  expected: (booked) => ({
    status: 200,
    body: sorted({
      data: {
        booking_number: booked.booking_number,
        from_airport: booked.from_airport,
        to_airport: booked.to_airport,
        departure_date: booked.departure_date,
        airmiles: String(airmilesFor(booked.from_airport, booked.to_airport, booked.booking_class)),
      },
    }),
  }),
  pending: (endpoints, acknowledged) =>
    withoutAirmiles(
      endpoints,
      acknowledged.map((booked) => booked.booking_number),
    ),
  audit: (endpoints, acknowledged) =>
    auditFlights(
      endpoints,
      acknowledged.map((booked) => booked.booking_number),
    ),
};

/** `{ data }` with the record's attributes in name order (DynamoDB keeps no attribute order). */
function sorted(body: { data?: Record<string, unknown> }): unknown {
  const data = body.data ?? {};
  return {
    data: Object.fromEntries(
      Object.keys(data)
        .sort()
        .map((k) => [k, data[k]]),
    ),
  };
}

/** Drops the keep-alive connections (they belong to the killed process). */
export function resetFlightsClients(): void {
  agent.destroy();
  agent = new Agent({ keepAlive: true });
}
