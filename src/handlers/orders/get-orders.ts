// GET /orders[?orderDate=YYYY-MM-DD][&limit=1..1000][&nextToken=...] — a page of orders, newest
// first, as a bare JSON array; header X-Next-Token when more follow.
// Env: ORDERS_TABLE_NAME, ORDER_DATE_INDEX_NAME, ORDER_LIST_INDEX_NAME, MICROSERVICE_TOPIC.
// IAM: dynamodb:Query on the orders table's indexes.
import { loadGetOrdersConfig } from "./config.js";
import { jsonResponse } from "./http.js";
import { createLogger, handleInvocation } from "./invocation.js";
import { nextPageToken, parseListQuery } from "./list-query.js";
import { createDocumentClient, listOrders } from "./order-store.js";
import { toPublicOrder } from "./orders.js";

const config = loadGetOrdersConfig();
const logger = createLogger(config.service);
const table = { ...config, client: createDocumentClient() };

export const handler = handleInvocation(logger, async (event) => {
  const request = parseListQuery(event.queryStringParameters);
  if (!request.ok) {
    return request.error;
  }
  const page = await listOrders(table, request.value);
  const headers: Record<string, string> =
    page.last === undefined ? {} : { "X-Next-Token": nextPageToken(request.value, page.last) };
  return jsonResponse(
    200,
    page.orders.map((order) => toPublicOrder(order, config.service)),
    headers,
  );
});
