// GET /orders against DynamoDB Local: listing all orders and one day's, a page at a time.
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
import { createDocumentClient, putOrder } from "./order-store.js";
import type { OrderRecord } from "./orders.js";

const endpoint = inject("dynamodbEndpoint");
const client = localClient(endpoint);
const START = Date.parse("2026-03-01T00:00:00.000Z");
const STEP_MS = 7 * 60 * 1000;
const COUNT = 250;

let tables: OrdersTables;
let getOrders: ProxyHandler;
/** The seeded orders, newest first. */
let seeded: OrderRecord[];

function order(i: number): OrderRecord {
  const createdAt = new Date(START + i * STEP_MS).toISOString();
  return {
    orderId: randomUUID().replaceAll("-", ""),
    orderDate: createdAt.slice(0, 10),
    fullName: `Guest ${i}`,
    choice: ["pizza", "hamburger", "salat"][i % 3] ?? "pizza",
    createdAt,
  };
}

beforeAll(async () => {
  Object.assign(process.env, awsEnv(endpoint));
  tables = await createOrdersTables(client, "get-orders");
  const table = { client: createDocumentClient(client), tableName: tables.ordersTableName, service: "food" };
  const orders = Array.from({ length: COUNT }, (_, i) => order(i));
  for (let i = 0; i < orders.length; i += 25) {
    await Promise.all(orders.slice(i, i + 25).map((o) => putOrder(table, o)));
  }
  seeded = [...orders].reverse();
  getOrders = await coldStart(
    () => import("./get-orders.js"),
    ordersEnv(tables, "food", "pizza,hamburger,salat"),
  );
});

afterAll(() => {
  client.destroy();
});

function list(query?: Record<string, string>): Promise<APIGatewayProxyResult> {
  return getOrders(
    apiGatewayEvent({ method: "GET", resource: "/orders", ...(query ? { query } : {}) }),
    lambdaContext(),
  );
}

function publicView(o: OrderRecord): Record<string, string> {
  return { orderId: o.orderId, orderDate: o.orderDate, fullName: o.fullName, food: o.choice };
}

function page(response: APIGatewayProxyResult): {
  orders: Record<string, string>[];
  next: string | undefined;
} {
  expect(response.statusCode).toBe(200);
  expect(response.headers?.["Content-Type"]).toBe("application/json");
  const orders = JSON.parse(response.body) as Record<string, string>[];
  expect(Array.isArray(orders)).toBe(true);
  for (const o of orders) {
    expect(Object.keys(o)).toEqual(["orderId", "orderDate", "fullName", "food"]);
  }
  const next = response.headers?.["X-Next-Token"];
  return { orders, next: typeof next === "string" ? next : undefined };
}

async function pageThrough(
  query: Record<string, string>,
): Promise<{ orders: Record<string, string>[]; tokens: (string | undefined)[] }> {
  const orders: Record<string, string>[] = [];
  const tokens: (string | undefined)[] = [];
  let next: string | undefined;
  do {
    const result = page(await list({ ...query, ...(next ? { nextToken: next } : {}) }));
    orders.push(...result.orders);
    tokens.push(result.next);
    next = result.next;
  } while (next !== undefined && tokens.length < 20);
  return { orders, tokens };
}

describe("GET /orders (all orders)", () => {
  it("pages through 250 orders, 100 at a time, each exactly once, newest first", async () => {
    const { orders, tokens } = await pageThrough({ limit: "100" });
    expect(tokens.map((t) => t !== undefined)).toEqual([true, true, false]);
    expect(orders).toHaveLength(COUNT);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(COUNT);
    expect(orders).toEqual(seeded.map(publicView));
  });

  it("uses 100 as the default page size", async () => {
    const first = page(await list());
    expect(first.orders).toEqual(seeded.slice(0, 100).map(publicView));
    expect(first.next).toEqual(expect.any(String));
  });

  it("gives no token when the page ends exactly at the last order", async () => {
    const first = page(await list({ limit: "125" }));
    const second = page(await list({ limit: "125", nextToken: first.next ?? "" }));
    expect(second.orders).toEqual(seeded.slice(125).map(publicView));
    expect(second.next).toBeUndefined();
  });

  it("ignores unknown query parameters", async () => {
    const result = page(await list({ limit: "3", sort: "asc", orderdate: "2026-03-02" }));
    expect(result.orders).toEqual(seeded.slice(0, 3).map(publicView));
  });
});

describe("GET /orders?orderDate=", () => {
  const day2 = () => seeded.filter((o) => o.orderDate === "2026-03-02");

  it("returns only that day's orders, newest first", async () => {
    expect(day2().length).toBeGreaterThan(20);
    const result = page(await list({ orderDate: "2026-03-02" }));
    expect(result.orders).toEqual(day2().map(publicView));
    expect(result.next).toBeUndefined();
  });

  it("pages within the day", async () => {
    const { orders, tokens } = await pageThrough({ orderDate: "2026-03-01", limit: "100" });
    const day1 = seeded.filter((o) => o.orderDate === "2026-03-01");
    expect(day1).toHaveLength(206);
    expect(tokens.map((t) => t !== undefined)).toEqual([true, true, false]);
    expect(orders).toEqual(day1.map(publicView));
  });

  it("answers an empty array for a day without orders", async () => {
    const result = page(await list({ orderDate: "2026-11-22" }));
    expect(result).toEqual({ orders: [], next: undefined });
  });
});

describe("GET /orders rejects bad parameters with 400", () => {
  async function rejected(query: Record<string, string>): Promise<string> {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body) as Record<string, string>;
    expect(Object.keys(body)).toEqual(["message"]);
    return body.message ?? "";
  }

  it.each(["2026-13-01", "2026-02-30", "yesterday", "", "22.11.2026"])("orderDate %j", async (orderDate) => {
    expect(await rejected({ orderDate })).toContain("orderDate must be a calendar date written YYYY-MM-DD");
  });

  it.each(["0", "1001", "ten", "-5", "2.5"])("limit %j", async (limit) => {
    expect(await rejected({ limit })).toContain("limit must be an integer from 1 to 1000");
  });

  it("a malformed or tampered token", async () => {
    const first = page(await list({ limit: "2" }));
    const token = first.next ?? "";
    expect(await rejected({ nextToken: "not-a-token" })).toContain("nextToken");
    expect(await rejected({ nextToken: `${token.slice(0, 10)}*${token.slice(11)}` })).toContain("nextToken");
    expect(await rejected({ nextToken: token.slice(0, -4) })).toContain("nextToken");
    const forged = Buffer.from(
      JSON.stringify({ v: 1, m: "all", k: { orderId: "x", orderList: "ORDER", createdAt: "now" } }),
    ).toString("base64url");
    expect(await rejected({ nextToken: forged })).toContain("nextToken");
  });

  it("a token of the other listing mode", async () => {
    const all = page(await list({ limit: "2" })).next ?? "";
    const byDate = page(await list({ orderDate: "2026-03-01", limit: "2" })).next ?? "";
    expect(await rejected({ orderDate: "2026-03-01", nextToken: all })).toContain("listing of all orders");
    expect(await rejected({ nextToken: byDate })).toContain("orderDate 2026-03-01");
    expect(await rejected({ orderDate: "2026-03-02", nextToken: byDate })).toContain("not 2026-03-02");
  });
});

describe("GET /orders after POST /orders", () => {
  it("lists orders placed through the API, newest first", async () => {
    const fresh = await createOrdersTables(client, "get-orders-fresh");
    const env = ordersEnv(fresh, "food", "pizza,hamburger,salat");
    const postOrder = await coldStart(() => import("./post-order.js"), env);
    const listFresh = await coldStart(() => import("./get-orders.js"), env);
    const placed: string[] = [];
    for (const food of ["pizza", "salat", "hamburger"]) {
      const response = await postOrder(
        apiGatewayEvent({
          method: "POST",
          resource: "/orders",
          body: JSON.stringify({ fullName: "Jane", food }),
        }),
        lambdaContext(),
      );
      placed.push((JSON.parse(response.body) as { order: { orderId: string } }).order.orderId);
      await new Promise((r) => setTimeout(r, 5));
    }
    const today = new Date().toISOString().slice(0, 10);
    const all = page(
      await listFresh(apiGatewayEvent({ method: "GET", resource: "/orders" }), lambdaContext()),
    );
    expect(all.orders.map((o) => o.orderId)).toEqual([...placed].reverse());
    expect(all.orders.map((o) => o.food)).toEqual(["hamburger", "salat", "pizza"]);
    const byDate = page(
      await listFresh(
        apiGatewayEvent({ method: "GET", resource: "/orders", query: { orderDate: today } }),
        lambdaContext(),
      ),
    );
    expect(byDate.orders).toEqual(all.orders);
  });
});
