// POST /orders — place an order: body {"fullName": "...", "<service>": "<option>"}.
// Env: ORDERS_TABLE_NAME, MICROSERVICE_TOPIC, ORDER_OPTIONS, IDEMPOTENCY_TABLE_NAME.
// IAM: dynamodb:PutItem on the orders table; PutItem/GetItem/UpdateItem/DeleteItem on the
// idempotency table. An Idempotency-Key header makes retries return the same order for 1 hour.
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { loadPostOrderConfig } from "./config.js";
import { headerValues, jsonResponse } from "./http.js";
import { createLogger, handleInvocation } from "./invocation.js";
import { createDocumentClient } from "./order-store.js";
import { parseIdempotencyKey, parseNewOrder, toPublicOrder } from "./orders.js";
import { createPlaceOrder } from "./place-order.js";

const config = loadPostOrderConfig();
const logger = createLogger(config.service);
const dynamodb = new DynamoDBClient({});
const placeOrder = createPlaceOrder({
  table: { client: createDocumentClient(dynamodb), tableName: config.tableName, service: config.service },
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: config.idempotencyTableName,
    awsSdkV3Client: dynamodb,
  }),
});

export const handler = handleInvocation(logger, async (event, context) => {
  const key = parseIdempotencyKey(headerValues(event, "Idempotency-Key"));
  if (!key.ok) {
    return key.error;
  }
  const request = parseNewOrder(event.body, event.isBase64Encoded, config);
  if (!request.ok) {
    return request.error;
  }
  const placed = await placeOrder(request.value, key.value, context);
  if (!placed.ok) {
    return placed.error;
  }
  logger.info("order placed", { orderId: placed.value.orderId, idempotencyKeySent: key.value !== undefined });
  return jsonResponse(200, {
    message: "successfully placed order!",
    order: toPublicOrder(placed.value, config.service),
  });
});
