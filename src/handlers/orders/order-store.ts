// DynamoDB adapter for orders (lib-dynamodb DocumentClient). Calls only what the functions' IAM
// allows: PutItem and GetItem on the table, Query on its two indexes. Functions take the client
// and table settings as arguments, so tests point them at DynamoDB Local.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type ListRequest, ORDER_LIST_VALUE } from "./list-query.js";
import type { OrderRecord } from "./orders.js";

export interface OrderTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The service name, which is also the attribute holding the chosen option. */
  readonly service: string;
}

export interface OrderIndexes {
  readonly dateIndexName: string;
  readonly listIndexName: string;
}

export interface OrderPage {
  readonly orders: OrderRecord[];
  /** Set when more orders follow: the last order of this page. */
  readonly last?: OrderRecord;
}

/** A DocumentClient with the SDK's default configuration chain (region, credentials, AWS_ENDPOINT_URL). */
export function createDocumentClient(base: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(base);
}

export function toItem(order: OrderRecord, service: string): Record<string, string> {
  return {
    orderId: order.orderId,
    orderDate: order.orderDate,
    fullName: order.fullName,
    [service]: order.choice,
    orderList: ORDER_LIST_VALUE,
    createdAt: order.createdAt,
  };
}

function fromItem(item: Record<string, unknown>, table: OrderTable): OrderRecord {
  const { orderId, orderDate, fullName, createdAt } = item;
  const choice = item[table.service];
  if (
    typeof orderId !== "string" ||
    typeof orderDate !== "string" ||
    typeof fullName !== "string" ||
    typeof createdAt !== "string" ||
    typeof choice !== "string"
  ) {
    const keys = Object.keys(item).sort().join(", ");
    throw new Error(
      `order item ${String(orderId)} in table ${table.tableName} is malformed: expected string attributes ` +
        `orderId, orderDate, fullName, createdAt and ${table.service}; found ${keys}`,
    );
  }
  return { orderId, orderDate, fullName, choice, createdAt };
}

/** Stores a new order; refuses to overwrite an existing id (a collision is an error, not an update). */
export async function putOrder(table: OrderTable, order: OrderRecord): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: toItem(order, table.service),
      ConditionExpression: "attribute_not_exists(orderId)",
    }),
  );
}

export async function getOrder(table: OrderTable, orderId: string): Promise<OrderRecord | undefined> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { orderId }, ConsistentRead: true }),
  );
  return result.Item === undefined ? undefined : fromItem(result.Item, table);
}

/**
 * One page of orders, newest first, from the index the request selects. It reads one item more
 * than the page size, so `last` is set only when more orders really follow; it keeps querying when
 * DynamoDB stops early at its 1 MB page limit.
 */
export async function listOrders(table: OrderTable & OrderIndexes, request: ListRequest): Promise<OrderPage> {
  const byDate = request.mode === "date";
  const items: OrderRecord[] = [];
  let startKey: Record<string, unknown> | undefined = request.startKey;
  do {
    const result = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: byDate ? table.dateIndexName : table.listIndexName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": byDate ? "orderDate" : "orderList" },
        ExpressionAttributeValues: { ":pk": byDate ? request.orderDate : ORDER_LIST_VALUE },
        ScanIndexForward: false,
        Limit: request.limit + 1 - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      items.push(fromItem(item, table));
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined && items.length <= request.limit);

  if (items.length > request.limit) {
    const orders = items.slice(0, request.limit);
    return { orders, last: orders[orders.length - 1] };
  }
  return { orders: items };
}
