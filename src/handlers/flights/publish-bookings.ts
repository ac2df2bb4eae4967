// The outbox relay: the bookings table's stream (NEW_IMAGE) → the booking topic, each new booking as
// the seed publishes it (MessageStructure json, `{"default": "<event JSON>"}`), the event carrying
// the booking class too (airmiles depend on it). A failed publish fails the batch: the event source
// mapping retries it, so an event is published at least once (consumers are idempotent).
// Env: BOOKING_TOPIC_ARN. IAM: sns:Publish on the topic (and the stream read grants).

import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { PublishBatchCommand, SNSClient } from "@aws-sdk/client-sns";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { log, requiredEnv } from "./flights-http.js";

const TOPIC = requiredEnv("BOOKING_TOPIC_ARN", "the booking SNS topic");
const client = new SNSClient({});

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const bookings = event.Records.filter(
    (r) => r.eventName === "INSERT" && r.dynamodb?.NewImage !== undefined,
  ).map((r) => unmarshall(r.dynamodb?.NewImage as Record<string, AttributeValue>));
  for (let i = 0; i < bookings.length; i += 10) {
    const entries = bookings.slice(i, i + 10).map((b) => ({
      Id: String(b.booking_number),
      MessageStructure: "json",
      Message: JSON.stringify({
        default: JSON.stringify({
          booking_number: b.booking_number,
          from_airport: b.from_airport,
          to_airport: b.to_airport,
          departure_date: b.departure_date,
          booking_class: b.booking_class,
        }),
      }),
    }));
    const result = await client.send(
      new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: entries }),
    );
    if ((result.Failed ?? []).length > 0) {
      throw new Error(
        `SNS refused ${result.Failed?.length} booking event(s): ${JSON.stringify(result.Failed)}`,
      );
    }
    log("INFO", "booking events published", { count: entries.length });
  }
}
