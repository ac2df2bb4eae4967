// GET /airmiles/{bookingid} — `{"data": <the airmiles record>}`, `{"data": {}}` for an unknown id as
// the seed answers; an id that cannot be a booking number's shape at all (not 1-64 letters and
// digits) is a 400. Env: AIRMILES_TABLE_NAME. IAM: dynamodb:GetItem on the airmiles table.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { badRequest, jsonResponse, requiredEnv } from "./flights-http.js";

const TABLE = requiredEnv("AIRMILES_TABLE_NAME", "the airmiles DynamoDB table");
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const id = event.pathParameters?.bookingid ?? "";
  if (!/^[A-Za-z0-9]{1,64}$/.test(id)) {
    return badRequest(
      `bookingid must be 1 to 64 letters and digits, like a booking number (8 × A-Z0-9); received ${JSON.stringify(id.slice(0, 100))}.`,
    );
  }
  const result = await client.send(new GetCommand({ TableName: TABLE, Key: { booking_number: id } }));
  return jsonResponse(200, { data: result.Item ?? {} });
}
