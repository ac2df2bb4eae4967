// The booking topic's subscriber: each booking event → its airmiles (great-circle distance × class,
// stored as a string, as the seed stores them). Idempotent: the put only creates, so a redelivered
// event never changes a stored value. A malformed event fails the invocation: Lambda retries it
// twice, then it goes to the function's dead-letter queue. Env: AIRMILES_TABLE_NAME.
// IAM: dynamodb:PutItem on the airmiles table.
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SNSEvent } from "aws-lambda";
import { AIRPORTS, airmilesFor } from "./airmiles.js";
import { BOOKING_NUMBER } from "./booking.js";
import { log, requiredEnv } from "./flights-http.js";

const TABLE = requiredEnv("AIRMILES_TABLE_NAME", "the airmiles DynamoDB table");
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
/**
 * Chaos testing only, never set by the templates: the share (0-1) of invocations that fail before
 * doing anything, as if a dependency were briefly unavailable (test/flights/flights-reliability.test.ts
 * sets it with UpdateFunctionConfiguration to prove retries, the DLQ and idempotency).
 */
const INJECTED_FAILURE_RATE = Number(process.env.INJECTED_FAILURE_RATE ?? "0") || 0;

interface BookingEvent {
  booking_number: string;
  from_airport: string;
  to_airport: string;
  departure_date: string;
  booking_class?: string;
}

/** The event of an SNS message, or an error saying what is wrong with it. */
export function bookingEventOf(message: string): BookingEvent {
  const event = JSON.parse(message) as Partial<BookingEvent>;
  const number = String(event.booking_number ?? "");
  if (!BOOKING_NUMBER.test(number))
    throw new Error(`booking_number ${JSON.stringify(event.booking_number)} is not 8 × [A-Z0-9]`);
  for (const field of ["from_airport", "to_airport"] as const) {
    if (AIRPORTS[String(event[field])] === undefined)
      throw new Error(`${field} ${JSON.stringify(event[field])} is not a known airport`);
  }
  return {
    ...(event as BookingEvent),
    booking_number: number,
    departure_date: String(event.departure_date ?? ""),
  };
}

export async function handler(event: SNSEvent): Promise<void> {
  if (Math.random() < INJECTED_FAILURE_RATE)
    throw new Error("injected transient failure (INJECTED_FAILURE_RATE)");
  for (const record of event.Records) {
    if (record.EventSource !== "aws:sns" || !record.Sns?.Message) continue;
    const booking = bookingEventOf(record.Sns.Message);
    const airmiles = String(airmilesFor(booking.from_airport, booking.to_airport, booking.booking_class));
    try {
      await client.send(
        new PutCommand({
          TableName: TABLE,
          Item: {
            booking_number: booking.booking_number,
            from_airport: booking.from_airport,
            to_airport: booking.to_airport,
            departure_date: booking.departure_date,
            airmiles,
          },
          ConditionExpression: "attribute_not_exists(booking_number)",
        }),
      );
      log("INFO", "airmiles stored", { booking_number: booking.booking_number, airmiles });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      log("INFO", "airmiles already stored (redelivered event)", { booking_number: booking.booking_number });
    }
  }
}
