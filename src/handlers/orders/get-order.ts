// GET /orders/{orderId} — one order, or 404.
// Env: ORDERS_TABLE_NAME, MICROSERVICE_TOPIC. IAM: dynamodb:GetItem on the orders table.
import { loadGetOrderConfig } from "./config.js";
import { jsonResponse } from "./http.js";
import { createLogger, handleInvocation } from "./invocation.js";
import { createDocumentClient, getOrder } from "./order-store.js";
import { parseOrderId, toPublicOrder } from "./orders.js";

const config = loadGetOrderConfig();
const logger = createLogger(config.service);
const table = { client: createDocumentClient(), tableName: config.tableName, service: config.service };

export const handler = handleInvocation(logger, async (event) => {
  const orderId = parseOrderId(event.pathParameters?.orderId);
  if (!orderId.ok) {
    return orderId.error;
  }
  const order = await getOrder(table, orderId.value);
  if (order === undefined) {
    return { code: "NOT_FOUND", message: `order ${orderId.value} not found` };
  }
  return jsonResponse(200, toPublicOrder(order, config.service));
});
