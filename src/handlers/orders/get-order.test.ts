// GET /orders/{orderId} against DynamoDB Local.
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiGatewayEvent, lambdaContext } from "../../../test/support/api-gateway-event.js";
import {
  awsEnv,
  createOrdersTables,
  localClient,
  type OrdersTables,
  ordersEnv,
} from "../../../test/support/dynamodb.js";
import { coldStart, type ProxyHandler } from "../../../test/support/handler-module.js";

const endpoint = inject("dynamodbEndpoint");
const client = localClient(endpoint);

let food: OrdersTables;
let beverage: OrdersTables;
let postFood: ProxyHandler;
let getFood: ProxyHandler;
let postBeverage: ProxyHandler;
let getBeverage: ProxyHandler;

beforeAll(async () => {
  Object.assign(process.env, awsEnv(endpoint));
  food = await createOrdersTables(client, "get-order-food");
  beverage = await createOrdersTables(client, "get-order-beverage");
  const foodEnv = ordersEnv(food, "food", "pizza,hamburger,salat");
  const beverageEnv = ordersEnv(beverage, "beverage", "tea,coffee,water");
  postFood = await coldStart(() => import("./post-order.js"), foodEnv);
  getFood = await coldStart(() => import("./get-order.js"), foodEnv);
  postBeverage = await coldStart(() => import("./post-order.js"), beverageEnv);
  getBeverage = await coldStart(() => import("./get-order.js"), beverageEnv);
});

afterAll(() => {
  client.destroy();
});

async function place(handler: ProxyHandler, body: Record<string, string>): Promise<Record<string, string>> {
  const response = await handler(
    apiGatewayEvent({ method: "POST", resource: "/orders", body: JSON.stringify(body) }),
    lambdaContext(),
  );
  expect(response.statusCode).toBe(200);
  return (JSON.parse(response.body) as { order: Record<string, string> }).order;
}

function get(handler: ProxyHandler, orderId: string): Promise<APIGatewayProxyResult> {
  return handler(
    apiGatewayEvent({ method: "GET", resource: "/orders/{orderId}", pathParameters: { orderId } }),
    lambdaContext(),
  );
}

function json(response: APIGatewayProxyResult): Record<string, string> {
  expect(response.headers?.["Content-Type"]).toBe("application/json");
  return JSON.parse(response.body) as Record<string, string>;
}

describe("GET /orders/{orderId}", () => {
  it("returns the order with exactly the four fields of the original", async () => {
    const placed = await place(postFood, { fullName: "Jane Doe", food: "hamburger" });
    const response = await get(getFood, placed.orderId ?? "");
    expect(response.statusCode).toBe(200);
    const shown = json(response);
    expect(Object.keys(shown)).toEqual(["orderId", "orderDate", "fullName", "food"]);
    expect(shown).toEqual(placed);
    expect(shown.orderDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("answers 404 for an unknown id", async () => {
    const orderId = randomUUID().replaceAll("-", "");
    const response = await get(getFood, orderId);
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual({ message: `order ${orderId} not found` });
  });

  it.each([
    "0123456789ABCDEF0123456789ABCDEF",
    "01234567-89ab-cdef-0123-456789abcdef",
    "abc",
    "0123456789abcdef0123456789abcdef0",
    "' OR 1=1 --",
  ])("answers 400 for the malformed id %j", async (orderId) => {
    const response = await get(getFood, orderId);
    expect(response.statusCode).toBe(400);
    expect(json(response).message).toContain("orderId must be 32 lowercase hexadecimal characters");
  });

  it("answers 400 when the path parameter is missing", async () => {
    const response = await getFood(
      apiGatewayEvent({ method: "GET", resource: "/orders/{orderId}", path: "/orders/" }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
  });

  it("serves each service's orders from its own table with its own field", async () => {
    const tea = await place(postBeverage, { fullName: "Max", beverage: "tea" });
    const pizza = await place(postFood, { fullName: "Max", food: "pizza" });

    const teaShown = json(await get(getBeverage, tea.orderId ?? ""));
    expect(Object.keys(teaShown)).toEqual(["orderId", "orderDate", "fullName", "beverage"]);
    expect(teaShown).toEqual(tea);

    expect((await get(getFood, tea.orderId ?? "")).statusCode).toBe(404);
    expect((await get(getBeverage, pizza.orderId ?? "")).statusCode).toBe(404);
    expect(beverage.ordersTableName).not.toBe(food.ordersTableName);
  });

  it("throws (a 5xx at API Gateway) when the table is unreachable", async () => {
    const broken = await coldStart(() => import("./get-order.js"), {
      ...ordersEnv(food, "food", "pizza"),
      ORDERS_TABLE_NAME: `missing-${randomUUID()}`,
      POWERTOOLS_LOG_LEVEL: "SILENT",
    });
    await expect(get(broken, randomUUID().replaceAll("-", ""))).rejects.toThrow();
  });
});
