// The whole-table check of the flights crash case, after every acknowledged booking read back: no
// booking stored twice for one client write, and — once the event path has drained — exactly one
// airmiles record per stored booking (acknowledged or not: the outbox relays every write that
// reached the table), none without its booking, each of its route's and class's value.
import { DynamoDBClient, ListTablesCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { airmilesFor } from "../../../src/handlers/flights/airmiles.js";
import type { EndpointsFile } from "../../../src/local/endpoints-file.js";
import { FLIGHTS_ACCOUNTS } from "../../support/flights-system.js";

type Item = Record<string, { S?: string }>;

/** Every item of the one table of `account` whose name contains `name` (a Scan, page by page). */
export async function scanTable(endpoints: EndpointsFile, account: string, name: string): Promise<Item[]> {
  const credentials = endpoints.accounts[account];
  if (credentials === undefined) throw new Error(`endpoints.json has no credentials for account ${account}`);
  const dynamodb = new DynamoDBClient({
    endpoint: endpoints.aws,
    region: endpoints.region,
    credentials,
    maxAttempts: 1,
  });
  try {
    const tables = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    const matching = tables.filter((table) => table.includes(name));
    if (matching.length !== 1)
      throw new Error(
        `account ${account} has ${matching.length} tables named *${name}*: ${tables.join(", ")}`,
      );
    const items: Item[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await dynamodb.send(
        new ScanCommand({
          TableName: matching[0],
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start !== undefined);
    return items;
  } finally {
    dynamodb.destroy();
  }
}

/** How many of `acknowledged` (booking numbers) have no airmiles record yet. */
export async function withoutAirmiles(
  endpoints: EndpointsFile,
  acknowledged: readonly string[],
): Promise<number> {
  const items = await scanTable(endpoints, FLIGHTS_ACCOUNTS.airmiles, "Airmiles");
  const stored = new Set(items.map((item) => String(item.booking_number?.S)));
  return acknowledged.filter((id) => !stored.has(id)).length;
}

/**
 * Reads the bookings table (booking account) and the airmiles table (airmiles account) with their
 * administrators' credentials and returns what is wrong, in words (empty when nothing is): a client
 * write (`last_name`) stored more than once, an acknowledged booking missing, a stored booking without
 * airmiles, airmiles without a booking, or airmiles of the wrong value. Retries every second for up
 * to `settleMs` while the only problem is a booking whose airmiles have not arrived yet.
 */
export async function auditFlights(
  endpoints: EndpointsFile,
  acknowledged: readonly string[],
  settleMs = 120_000,
): Promise<string[]> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const bookings = await scanTable(endpoints, FLIGHTS_ACCOUNTS.booking, "Bookings");
    const airmiles = new Map(
      (await scanTable(endpoints, FLIGHTS_ACCOUNTS.airmiles, "Airmiles")).map((item) => [
        String(item.booking_number?.S),
        String(item.airmiles?.S),
      ]),
    );
    const problems: string[] = [];
    const waiting: string[] = [];
    const byWrite = new Map<string, string[]>();
    for (const booking of bookings) {
      const id = String(booking.booking_number?.S);
      const write = String(booking.last_name?.S);
      byWrite.set(write, [...(byWrite.get(write) ?? []), id]);
      const expected = String(
        airmilesFor(String(booking.from_airport?.S), String(booking.to_airport?.S), booking.booking_class?.S),
      );
      const stored = airmiles.get(id);
      if (stored === undefined) waiting.push(id);
      else if (stored !== expected) problems.push(`${id}: airmiles ${stored}, expected ${expected}`);
    }
    for (const [write, ids] of byWrite)
      if (ids.length > 1) problems.push(`write ${write} is stored ${ids.length} times: ${ids.join(", ")}`);
    const stored = new Set(bookings.map((booking) => String(booking.booking_number?.S)));
    for (const id of acknowledged)
      if (!stored.has(id)) problems.push(`acknowledged ${id} is not in the table`);
    for (const id of airmiles.keys())
      if (!stored.has(id)) problems.push(`airmiles for ${id}, no such booking`);
    const late = Date.now() > deadline;
    if (problems.length > 0 || waiting.length === 0 || late) {
      const since = late ? `after ${settleMs} ms` : "yet";
      return [...problems, ...waiting.map((id) => `${id}: stored, no airmiles ${since}`)];
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
