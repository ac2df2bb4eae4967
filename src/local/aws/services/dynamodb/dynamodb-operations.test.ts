import { describe, expect, it } from "vitest";
import { DYNAMODB_OPERATIONS } from "./dynamodb-operations.js";

function accesses(operation: string, input: Record<string, unknown>) {
  const reader = DYNAMODB_OPERATIONS[operation];
  if (reader === undefined) throw new Error(`no reader for ${operation}`);
  return reader(input);
}

describe("IAM checks of DynamoDB operations", () => {
  it("checks every table of a batch with the batch action", () => {
    expect(accesses("BatchWriteItem", { RequestItems: { a: [], b: [] } })).toEqual([
      { action: "dynamodb:BatchWriteItem", table: "a" },
      { action: "dynamodb:BatchWriteItem", table: "b" },
    ]);
  });

  it("checks the per-item actions of a transaction", () => {
    const input = {
      TransactItems: [
        { Put: { TableName: "orders", Item: {} } },
        { ConditionCheck: { TableName: "stock", Key: {} } },
        { Delete: { TableName: "orders", Key: {} } },
      ],
    };
    expect(accesses("TransactWriteItems", input)).toEqual([
      { action: "dynamodb:PutItem", table: "orders" },
      { action: "dynamodb:ConditionCheckItem", table: "stock" },
      { action: "dynamodb:DeleteItem", table: "orders" },
    ]);
    expect(
      accesses("TransactGetItems", { TransactItems: [{ Get: { TableName: "orders", Key: {} } }] }),
    ).toEqual([{ action: "dynamodb:GetItem", table: "orders" }]);
  });

  it("names the index of a Query or Scan, and `*` for ListTables", () => {
    expect(accesses("Scan", { TableName: "orders", IndexName: "byDay" })).toEqual([
      { action: "dynamodb:Scan", table: "orders", index: "byDay" },
    ]);
    expect(accesses("ListTables", {})).toEqual([{ action: "dynamodb:ListTables" }]);
  });

  it("answers a request without a table as DynamoDB's ValidationException", () => {
    expect(() => accesses("GetItem", { Key: {} })).toThrow(/Value null at 'tableName'/);
    expect(() => accesses("BatchGetItem", {})).toThrow(/requestItems/);
  });
});
