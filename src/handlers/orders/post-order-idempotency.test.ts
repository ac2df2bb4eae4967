// POST /orders with an Idempotency-Key, against DynamoDB Local (Powertools idempotency, real tables).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiGatewayEvent, lambdaContext } from "../../../test/support/api-gateway-event.js";
import {
  awsEnv,
  createOrdersTables,
  localClient,
  type OrdersTables,
  ordersEnv,
  scanAll,
} from "../../../test/support/dynamodb.js";
import { coldStart, type ProxyHandler } from "../../../test/support/handler-module.js";
import { jsonBody, postOrder } from "../../../test/support/orders-api.js";

const endpoint = inject("dynamodbEndpoint");
const client = localClient(endpoint);
const FOOD_OPTIONS = "pizza,hamburger,salat";

let tables: OrdersTables;
let postFood: ProxyHandler;

beforeAll(async () => {
  Object.assign(process.env, awsEnv(endpoint));
  tables = await createOrdersTables(client, "post-idem");
  postFood = await coldStart(() => import("./post-order.js"), ordersEnv(tables, "food", FOOD_OPTIONS));
});

afterAll(() => {
  client.destroy();
});

const post = postOrder;
const json = jsonBody;

async function itemsNamed(tableName: string, fullName: string): Promise<Record<string, unknown>[]> {
  return (await scanAll(client, tableName)).filter((item) => item.fullName === fullName);
}

describe("POST /orders with an Idempotency-Key", () => {
  it("returns the same order on retry, whatever the header's case, and stores one", async () => {
    const fullName = `Retry ${randomUUID()}`;
    const key = `key-${randomUUID()}`;
    const body = JSON.stringify({ fullName, food: "pizza" });
    const first = await post(postFood, body, { headers: { "Idempotency-Key": key } });
    const retry = await post(postFood, body, { headers: { "idempotency-key": key } });
    const again = await postFood(
      {
        ...apiGatewayEvent({ method: "POST", resource: "/orders", body }),
        headers: {},
        multiValueHeaders: { "IDEMPOTENCY-KEY": [key] },
      },
      lambdaContext(),
    );
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(again.body).toBe(first.body);
    expect(await itemsNamed(tables.ordersTableName, fullName)).toHaveLength(1);
  });

  it("keeps a completed record with a one-hour expiration in the idempotency table", async () => {
    const key = `exp-${randomUUID()}`;
    const response = await post(postFood, JSON.stringify({ fullName: "Exp", food: "pizza" }), {
      headers: { "Idempotency-Key": key },
    });
    const { order } = json(response) as { order: { orderId: string } };
    const records = (await scanAll(client, tables.idempotencyTableName)).filter(
      (item) => (item.data as { orderId?: string } | undefined)?.orderId === order.orderId,
    );
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?.status).toBe("COMPLETED");
    expect(record?.id).toMatch(/^accountmesh-orders#/);
    const now = Date.now() / 1000;
    expect(record?.expiration).toBeGreaterThan(now + 3600 - 60);
    expect(record?.expiration).toBeLessThan(now + 3600 + 60);
  });

  it("answers 422 when the same key comes with a different body, and stores nothing more", async () => {
    const fullName = `Conflict ${randomUUID()}`;
    const key = `conflict-${randomUUID()}`;
    const first = await post(postFood, JSON.stringify({ fullName, food: "pizza" }), {
      headers: { "Idempotency-Key": key },
    });
    const other = await post(postFood, JSON.stringify({ fullName, food: "salat" }), {
      headers: { "Idempotency-Key": key },
    });
    expect(first.statusCode).toBe(200);
    expect(other.statusCode).toBe(422);
    const answer = json(other) as { message: string };
    expect(Object.keys(answer)).toEqual(["message"]);
    expect(answer.message).toContain(
      `Idempotency-Key "${key}" was already used with a different request body`,
    );
    expect(await itemsNamed(tables.ordersTableName, fullName)).toHaveLength(1);
  });

  it("writes exactly one order for 10 concurrent requests with the same key", async () => {
    const fullName = `Race ${randomUUID()}`;
    const key = `race-${randomUUID()}`;
    const body = JSON.stringify({ fullName, food: "hamburger" });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(postFood, body, { headers: { "Idempotency-Key": key } })),
    );
    const stored = await itemsNamed(tables.ordersTableName, fullName);
    expect(stored).toHaveLength(1);
    const winners = responses.filter((r) => r.statusCode === 200);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const response of winners) {
      expect((json(response) as { order: { orderId: string } }).order.orderId).toBe(stored[0]?.orderId);
    }
    for (const response of responses.filter((r) => r.statusCode !== 200)) {
      expect(response.statusCode).toBe(409);
      expect(json(response)).toEqual({
        message: "a request with this Idempotency-Key is still in progress; retry later",
      });
    }
    const retry = await post(postFood, body, { headers: { "Idempotency-Key": key } });
    expect(retry.statusCode).toBe(200);
    expect((json(retry) as { order: { orderId: string } }).order.orderId).toBe(stored[0]?.orderId);
  });

  it.each<[string, Record<string, string | string[]>]>([
    ["too long", { "Idempotency-Key": "k".repeat(129) }],
    ["empty", { "Idempotency-Key": "" }],
    ["non-ASCII", { "Idempotency-Key": "schlüssel" }],
    ["sent twice with different values", { "Idempotency-Key": ["a", "b"] }],
  ])("answers 400 for a key that is %s", async (_label, headers) => {
    const fullName = `BadKey ${randomUUID()}`;
    const response = await post(postFood, JSON.stringify({ fullName, food: "pizza" }), { headers });
    expect(response.statusCode).toBe(400);
    expect((json(response) as { message: string }).message).toMatch(/^Idempotency-Key must be/);
    expect(await itemsNamed(tables.ordersTableName, fullName)).toHaveLength(0);
  });
});
