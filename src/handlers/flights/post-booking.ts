// POST /bookings — the seed's 8 fields → 200 with the seed's event body. The booking number is new
// (8 × [A-Z0-9]) and never overwrites a booking: the put is conditional and a collision draws again.
// The event itself is not published here: the table's stream carries every new booking to the
// publisher (a transactional outbox), so a booking never exists without its event.
// Env: BOOKING_TABLE_NAME. IAM: dynamodb:PutItem on the bookings table.
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { eventOf, newBookingNumber, parseBooking } from "./booking.js";
import { badRequest, jsonResponse, log, requiredEnv } from "./flights-http.js";

const TABLE = requiredEnv("BOOKING_TABLE_NAME", "the bookings DynamoDB table");
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ATTEMPTS = 5;

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const parsed = parseBooking(event.body, event.isBase64Encoded === true);
  if (!parsed.ok) return badRequest(parsed.message);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const booking = { ...parsed.value, booking_number: newBookingNumber() };
    try {
      await client.send(
        new PutCommand({
          TableName: TABLE,
          Item: booking,
          ConditionExpression: "attribute_not_exists(booking_number)",
        }),
      );
      log("INFO", "booking stored", { booking_number: booking.booking_number });
      return jsonResponse(200, eventOf(booking));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      log("WARN", "booking number taken, drawing another", {
        booking_number: booking.booking_number,
        attempt,
      });
    }
  }
  return jsonResponse(503, { message: `No free booking number after ${ATTEMPTS} draws; try again.` });
}
