// GET /bookings[?limit=1..1000][&nextToken=...] — a page of bookings as the seed's bare JSON array;
// header X-Next-Token when more follow (as the orders APIs page). Env: BOOKING_TABLE_NAME.
// IAM: dynamodb:Scan on the bookings table.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { BOOKING_NUMBER } from "./booking.js";
import { badRequest, jsonResponse, requiredEnv } from "./flights-http.js";

const TABLE = requiredEnv("BOOKING_TABLE_NAME", "the bookings DynamoDB table");
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** `limit` and `nextToken` (base64url of `{"booking_number": ...}`) → Scan's Limit and ExclusiveStartKey. */
export function parsePage(
  query: Readonly<Record<string, string | undefined>> | null,
): { limit: number; start?: { booking_number: string } } | string {
  const rawLimit = query?.limit;
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT || !/^\d+$/.test(rawLimit ?? "1")) {
    return `limit must be a whole number from 1 to ${MAX_LIMIT}; received ${JSON.stringify(rawLimit)}.`;
  }
  const token = query?.nextToken;
  if (token === undefined) return { limit };
  try {
    const key = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { booking_number?: unknown };
    if (
      typeof key.booking_number === "string" &&
      BOOKING_NUMBER.test(key.booking_number) &&
      Object.keys(key).length === 1
    ) {
      return { limit, start: { booking_number: key.booking_number } };
    }
  } catch {
    // answered below
  }
  return "nextToken is not one this API gave out: pass the X-Next-Token header of the previous page unchanged.";
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const page = parsePage(event.queryStringParameters);
  if (typeof page === "string") return badRequest(page);
  const result = await client.send(
    new ScanCommand({
      TableName: TABLE,
      Limit: page.limit,
      ...(page.start === undefined ? {} : { ExclusiveStartKey: page.start }),
    }),
  );
  const last = result.LastEvaluatedKey as { booking_number?: string } | undefined;
  const headers: Record<string, string> =
    last?.booking_number === undefined
      ? {}
      : {
          "X-Next-Token": Buffer.from(JSON.stringify({ booking_number: last.booking_number })).toString(
            "base64url",
          ),
          "Access-Control-Expose-Headers": "X-Next-Token",
        };
  return jsonResponse(200, result.Items ?? [], headers);
}
