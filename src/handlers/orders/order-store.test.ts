// The DynamoDB adapter against DynamoDB Local: conditional put, consistent get, paging across
// DynamoDB's 1 MB page limit, and malformed items.
import { randomUUID } from "node:crypto";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOrdersTables, localClient } from "../../../test/support/dynamodb.js";
import {
  createDocumentClient,
  getOrder,
  listOrders,
  type OrderIndexes,
  type OrderTable,
  putOrder,
} from "./order-store.js";
import type { OrderRecord } from "./orders.js";

const client = localClient(inject("dynamodbEndpoint"));
const indexes: OrderIndexes = { dateIndexName: "orderDateIndex", listIndexName: "orderListIndex" };
let table: OrderTable;

function record(i: number, fullName = `Guest ${i}`): OrderRecord {
  const createdAt = new Date(Date.parse("2026-05-01T08:00:00.000Z") + i * 1000).toISOString();
  return {
    orderId: randomUUID().replaceAll("-", ""),
    orderDate: "2026-05-01",
    fullName,
    choice: "tea",
    createdAt,
  };
}

beforeAll(async () => {
  const tables = await createOrdersTables(client, "order-store");
  table = { client: createDocumentClient(client), tableName: tables.ordersTableName, service: "beverage" };
});

afterAll(() => {
  client.destroy();
});

describe("order store", () => {
  it("puts and gets an order, and refuses to overwrite an existing id", async () => {
    const order = record(1);
    await putOrder(table, order);
    expect(await getOrder(table, order.orderId)).toEqual(order);
    await expect(putOrder(table, { ...order, fullName: "Someone else" })).rejects.toThrow(
      /conditional request failed/i,
    );
    expect((await getOrder(table, order.orderId))?.fullName).toBe("Guest 1");
    expect(await getOrder(table, randomUUID().replaceAll("-", ""))).toBeUndefined();
  });

  it("fills a page across DynamoDB's 1 MB query limit", async () => {
    const big = await createOrdersTables(client, "order-store-big");
    const bigTable = { ...table, tableName: big.ordersTableName, ...indexes };
    // 220 items of ~6 KB: more than 1 MB, so one Query cannot return them all.
    const orders = Array.from({ length: 220 }, (_, i) => record(i, `${i} ${"x".repeat(6000)}`));
    for (let i = 0; i < orders.length; i += 20) {
      await Promise.all(orders.slice(i, i + 20).map((o) => putOrder(bigTable, o)));
    }
    const newestFirst = [...orders].reverse();
    const single = await bigTable.client.send(
      new QueryCommand({
        TableName: bigTable.tableName,
        IndexName: "orderListIndex",
        KeyConditionExpression: "orderList = :o",
        ExpressionAttributeValues: { ":o": "ORDER" },
        Limit: 1000,
      }),
    );
    expect(single.Count).toBeLessThan(220);
    expect(single.LastEvaluatedKey).toBeDefined();

    const all = await listOrders(bigTable, { mode: "all", limit: 1000 });
    expect(all.orders.map((o) => o.orderId)).toEqual(newestFirst.map((o) => o.orderId));
    expect(all.last).toBeUndefined();

    const partial = await listOrders(bigTable, { mode: "date", orderDate: "2026-05-01", limit: 200 });
    expect(partial.orders).toHaveLength(200);
    expect(partial.last).toEqual(newestFirst[199]);
  });

  it("reports a malformed item as a server error naming the table", async () => {
    const orderId = randomUUID().replaceAll("-", "");
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          orderId,
          orderDate: "2026-05-01",
          fullName: "No choice",
          orderList: "ORDER",
          createdAt: "2026-05-01T00:00:00.000Z",
        },
      }),
    );
    await expect(getOrder(table, orderId)).rejects.toThrow(
      new RegExp(`order item ${orderId} in table ${table.tableName} is malformed.*beverage`),
    );
  });
});
