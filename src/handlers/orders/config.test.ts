import { describe, expect, it } from "vitest";
import { loadGetOrderConfig, loadGetOrdersConfig, loadPostOrderConfig } from "./config.js";

const complete = {
  ORDERS_TABLE_NAME: "cross-account-microservices-food",
  ORDER_DATE_INDEX_NAME: "orderDateIndex",
  ORDER_LIST_INDEX_NAME: "orderListIndex",
  IDEMPOTENCY_TABLE_NAME: "cross-account-microservices-food-idempotency",
  MICROSERVICE_TOPIC: "food",
  ORDER_OPTIONS: "pizza, hamburger,salat",
};

describe("orders configuration", () => {
  it("reads what each function needs", () => {
    expect(loadPostOrderConfig(complete)).toEqual({
      tableName: "cross-account-microservices-food",
      service: "food",
      options: ["pizza", "hamburger", "salat"],
      idempotencyTableName: "cross-account-microservices-food-idempotency",
    });
    expect(loadGetOrdersConfig(complete)).toEqual({
      tableName: "cross-account-microservices-food",
      service: "food",
      dateIndexName: "orderDateIndex",
      listIndexName: "orderListIndex",
    });
    expect(loadGetOrderConfig(complete)).toEqual({
      tableName: "cross-account-microservices-food",
      service: "food",
    });
  });

  it.each([
    ["ORDERS_TABLE_NAME", loadGetOrderConfig],
    ["MICROSERVICE_TOPIC", loadGetOrderConfig],
    ["ORDER_DATE_INDEX_NAME", loadGetOrdersConfig],
    ["ORDER_LIST_INDEX_NAME", loadGetOrdersConfig],
    ["ORDER_OPTIONS", loadPostOrderConfig],
    ["IDEMPOTENCY_TABLE_NAME", loadPostOrderConfig],
  ] as const)("names a missing %s", (name, load) => {
    const env: Record<string, string | undefined> = { ...complete, [name]: undefined };
    expect(() => load(env)).toThrow(new RegExp(`invalid environment: ${name} is required`));
  });

  it("rejects blank values, bad service names and bad option lists", () => {
    expect(() => loadGetOrderConfig({ ...complete, ORDERS_TABLE_NAME: "  " })).toThrow(
      /ORDERS_TABLE_NAME must not be empty/,
    );
    expect(() => loadGetOrderConfig({ ...complete, MICROSERVICE_TOPIC: "fullName" })).toThrow(
      /MICROSERVICE_TOPIC must not be one of/,
    );
    expect(() => loadGetOrderConfig({ ...complete, MICROSERVICE_TOPIC: "food drinks" })).toThrow(
      /MICROSERVICE_TOPIC/,
    );
    expect(() => loadPostOrderConfig({ ...complete, ORDER_OPTIONS: "tea,,coffee" })).toThrow(
      /ORDER_OPTIONS has an empty option/,
    );
    expect(() => loadPostOrderConfig({ ...complete, ORDER_OPTIONS: "tea,tea" })).toThrow(
      /ORDER_OPTIONS lists an option twice/,
    );
  });

  it("does not require variables a function does not use", () => {
    expect(loadGetOrderConfig({ ORDERS_TABLE_NAME: "t", MICROSERVICE_TOPIC: "beverage" }).service).toBe(
      "beverage",
    );
  });
});
