// POST /orders against DynamoDB Local: the real handler module, realistic API Gateway events.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
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
const ORDER_ID = /^[0-9a-f]{32}$/;

let tables: OrdersTables;
let postFood: ProxyHandler;

beforeAll(async () => {
  Object.assign(process.env, awsEnv(endpoint));
  tables = await createOrdersTables(client, "post-food");
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

describe("POST /orders", () => {
  it("places an order exactly as the original answers, and stores the internal attributes", async () => {
    const fullName = `Jane ${randomUUID()}`;
    const before = new Date().toISOString().slice(0, 10);
    const response = await post(postFood, JSON.stringify({ fullName, food: "hamburger" }));
    const after = new Date().toISOString().slice(0, 10);

    expect(response.statusCode).toBe(200);
    const body = json(response) as { message: string; order: Record<string, string> };
    expect(Object.keys(body)).toEqual(["message", "order"]);
    expect(body.message).toBe("successfully placed order!");
    expect(Object.keys(body.order)).toEqual(["orderId", "orderDate", "fullName", "food"]);
    expect(body.order.orderId).toMatch(ORDER_ID);
    expect([before, after]).toContain(body.order.orderDate);
    expect(body.order).toMatchObject({ fullName, food: "hamburger" });

    const [item, ...others] = await itemsNamed(tables.ordersTableName, fullName);
    expect(others).toEqual([]);
    expect(Object.keys(item ?? {}).sort()).toEqual([
      "createdAt",
      "food",
      "fullName",
      "orderDate",
      "orderId",
      "orderList",
    ]);
    expect(item).toMatchObject({ ...body.order, orderList: "ORDER" });
    expect(item?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(String(item?.createdAt).slice(0, 10)).toBe(body.order.orderDate);
  });

  it("accepts a base64-encoded body", async () => {
    const fullName = `Zoë ${randomUUID()}`;
    const body = Buffer.from(JSON.stringify({ fullName, food: "salat" })).toString("base64");
    const response = await post(postFood, body, { isBase64Encoded: true });
    expect(response.statusCode).toBe(200);
    expect((json(response) as { order: unknown }).order).toMatchObject({ fullName, food: "salat" });
  });

  it("places a new order for every POST without an Idempotency-Key", async () => {
    const fullName = `Twice ${randomUUID()}`;
    const body = JSON.stringify({ fullName, food: "pizza" });
    const first = json(await post(postFood, body)) as { order: { orderId: string } };
    const second = json(await post(postFood, body)) as { order: { orderId: string } };
    expect(first.order.orderId).not.toBe(second.order.orderId);
    expect(await itemsNamed(tables.ordersTableName, fullName)).toHaveLength(2);
  });

  const food = (fields: Record<string, unknown>) => JSON.stringify(fields);
  it.each<[string, string | null, string, boolean?]>([
    [
      "an absent body",
      null,
      'request body is required: a JSON object like {"fullName": "Jane Doe", "food": "pizza"}',
    ],
    ["an empty body", "", "request body is required"],
    ["a non-JSON body", "fullName=Jane&food=pizza", "request body must be a JSON object"],
    ["a JSON array", "[]", "received [] (array)"],
    ["a JSON string", '"pizza"', 'received "pizza"'],
    ["JSON null", "null", "received null (null)"],
    ["a missing fullName", food({ food: "pizza" }), "fullName is required: a non-empty string"],
    [
      "an empty fullName",
      food({ fullName: "", food: "pizza" }),
      'fullName must not be empty or whitespace only; received ""',
    ],
    [
      "a whitespace fullName",
      food({ fullName: " \t", food: "pizza" }),
      "fullName must not be empty or whitespace only",
    ],
    [
      "a numeric fullName",
      food({ fullName: 7, food: "pizza" }),
      "fullName must be a non-empty string; received 7 (number)",
    ],
    [
      "a fullName over 256 characters",
      food({ fullName: "x".repeat(257), food: "pizza" }),
      "fullName must be at most 256 characters; received 257",
    ],
    ["a missing option", food({ fullName: "Jane" }), "food is required: one of pizza, hamburger, salat"],
    ["a beverage field on the food API", food({ fullName: "Jane", beverage: "tea" }), "food is required"],
    [
      "an option of the wrong type",
      food({ fullName: "Jane", food: ["pizza"] }),
      'food must be a string, one of pizza, hamburger, salat; received ["pizza"] (array)',
    ],
    [
      "salad",
      food({ fullName: "Jane", food: "salad" }),
      'food must be one of pizza, hamburger, salat; received "salad"',
    ],
    [
      "Pizza",
      food({ fullName: "Jane", food: "Pizza" }),
      'food must be one of pizza, hamburger, salat; received "Pizza"',
    ],
    [
      "a blank option",
      food({ fullName: "Jane", food: "  " }),
      'food must be one of pizza, hamburger, salat; received "  "',
    ],
    [
      "a body over 16 KiB",
      food({ fullName: "Jane", food: "pizza", note: "x".repeat(16 * 1024) }),
      "request body must be at most 16384 bytes",
    ],
    ["invalid base64", "{{{{", "not valid base64", true],
  ])("answers 400 with a message for %s, and stores nothing", async (_label, body, message, base64) => {
    const before = (await scanAll(client, tables.ordersTableName)).length;
    const response = await post(postFood, body, { isBase64Encoded: base64 ?? false });
    expect(response.statusCode).toBe(400);
    const answer = json(response) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(["message"]);
    expect(answer.message).toContain(message);
    expect(await scanAll(client, tables.ordersTableName)).toHaveLength(before);
  });

  it("answers 400 for an oversized base64 body", async () => {
    const body = Buffer.from(
      JSON.stringify({ fullName: "Jane", food: "pizza", pad: "y".repeat(20_000) }),
    ).toString("base64");
    const response = await post(postFood, body, { isBase64Encoded: true });
    expect(response.statusCode).toBe(400);
    expect((json(response) as { message: string }).message).toContain("at most 16384 bytes");
  });
});

describe("services and failures", () => {
  it("keeps food and beverage apart: own field, own options, own table, keys scoped by service", async () => {
    const beverageTables = await createOrdersTables(client, "post-beverage");
    const postBeverage = await coldStart(() => import("./post-order.js"), {
      ...ordersEnv(beverageTables, "beverage", "tea,coffee,water"),
      // Shared on purpose: the idempotency key includes the service name.
      IDEMPOTENCY_TABLE_NAME: tables.idempotencyTableName,
    });
    const key = `shared-${randomUUID()}`;
    const fullName = `Max ${randomUUID()}`;

    const tea = await post(postBeverage, JSON.stringify({ fullName, beverage: "tea" }), {
      headers: { "Idempotency-Key": key },
    });
    expect(tea.statusCode).toBe(200);
    const teaOrder = (json(tea) as { order: Record<string, string> }).order;
    expect(Object.keys(teaOrder)).toEqual(["orderId", "orderDate", "fullName", "beverage"]);

    const pizzaAtBar = await post(postBeverage, JSON.stringify({ fullName, beverage: "pizza" }));
    expect(json(pizzaAtBar)).toEqual({
      message: 'beverage must be one of tea, coffee, water; received "pizza"',
    });
    const foodField = await post(postBeverage, JSON.stringify({ fullName, food: "pizza" }));
    expect(foodField.statusCode).toBe(400);

    const pizza = await post(postFood, JSON.stringify({ fullName, food: "pizza" }), {
      headers: { "Idempotency-Key": key },
    });
    expect(pizza.statusCode).toBe(200);
    const pizzaOrder = (json(pizza) as { order: Record<string, string> }).order;
    expect(pizzaOrder.orderId).not.toBe(teaOrder.orderId);

    expect(await itemsNamed(beverageTables.ordersTableName, fullName)).toEqual([
      expect.objectContaining({ orderId: teaOrder.orderId, beverage: "tea" }),
    ]);
    expect(await itemsNamed(tables.ordersTableName, fullName)).toEqual([
      expect.objectContaining({ orderId: pizzaOrder.orderId, food: "pizza" }),
    ]);
  });

  it("fails the cold start naming a missing variable", async () => {
    await expect(
      coldStart(() => import("./post-order.js"), {
        ...ordersEnv(tables, "food", FOOD_OPTIONS),
        IDEMPOTENCY_TABLE_NAME: undefined,
      }),
    ).rejects.toThrow(/IDEMPOTENCY_TABLE_NAME is required/);
  });

  it("throws on a storage failure and logs it with the request ids", async () => {
    const broken = await coldStart(() => import("./post-order.js"), {
      ...ordersEnv(tables, "food", FOOD_OPTIONS),
      ORDERS_TABLE_NAME: `missing-${randomUUID()}`,
    });
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    };
    // Powertools writes ERROR lines to stderr, the rest to stdout.
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation(capture),
      vi.spyOn(process.stderr, "write").mockImplementation(capture),
    ];
    const requestId = randomUUID();
    try {
      await expect(
        post(broken, JSON.stringify({ fullName: "Jane", food: "pizza" }), { requestId }),
      ).rejects.toThrow(/non-existent table|not found/i);
    } finally {
      for (const spy of spies) {
        spy.mockRestore();
      }
    }
    const entries = written
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = entries.find((entry) => entry.message === "request failed unexpectedly");
    expect(failure).toMatchObject({ level: "ERROR", apiRequestId: requestId, service: "orders-food" });
    expect(failure?.function_request_id).toEqual(expect.any(String));
    expect(JSON.stringify(entries)).not.toContain('"fullName"');
  });
});
