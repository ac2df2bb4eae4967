// Members of the wrong JSON type: DynamoDB answers 400 SerializationException, DynamoDB Local fails
// with 500 InternalFailure (found by the fuzz suite: `{"Limit":"x"}`, `{"RequestItems":{"t":{}}}`).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedFetch } from "../../../../../test/support/aws-signing.js";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";
import { checkInputTypes } from "./dynamodb-input-types.js";

const item = {
  id: { S: "a" },
  n: { N: "1" },
  tags: { SS: ["x"] },
  nested: { M: { l: { L: [{ BOOL: true }, { NULL: true }] } } },
};

describe("checkInputTypes", () => {
  it.each([
    [
      "PutItem",
      { TableName: "t", Item: item, ConditionExpression: "attribute_not_exists(id)", ReturnValues: "NONE" },
    ],
    [
      "Query",
      {
        TableName: "t",
        IndexName: "i",
        KeyConditionExpression: "d = :d",
        ExpressionAttributeValues: { ":d": { S: "x" } },
        ExpressionAttributeNames: { "#d": "d" },
        Limit: 10,
        ScanIndexForward: false,
        ExclusiveStartKey: { id: { S: "a" } },
      },
    ],
    [
      "BatchWriteItem",
      {
        RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: { id: { S: "a" } } } }] },
      },
    ],
    [
      "BatchGetItem",
      {
        RequestItems: { t: { Keys: [{ id: { S: "a" } }], ConsistentRead: true, ProjectionExpression: "id" } },
      },
    ],
    [
      "TransactWriteItems",
      {
        TransactItems: [
          { Put: { TableName: "t", Item: item } },
          { Update: { TableName: "t", Key: { id: { S: "a" } }, UpdateExpression: "SET n = :n" } },
        ],
      },
    ],
    [
      "CreateTable",
      {
        TableName: "t",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        Tags: [{ Key: "owner", Value: "me" }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
    ],
    [
      "UpdateTimeToLive",
      { TableName: "t", TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } },
    ],
    ["ListTables", { Limit: null, Unknown: { anything: [1, "two"] }, constructor: {}, __proto__: [] }],
  ])("accepts what the SDK sends for %s (unknown members ignored, null as absent)", (operation, input) => {
    expect(() => checkInputTypes(input as Record<string, unknown>, operation)).not.toThrow();
  });

  it.each([
    ["ListTables", { Limit: "ten" }, "Limit: expected a number, found a string."],
    ["ListTables", { Limit: 1e20 }, "Limit: expected a number, found a number."],
    [
      "ListTables",
      { ExclusiveStartTableName: {} },
      "ExclusiveStartTableName: expected a string, found a structure.",
    ],
    ["GetItem", { TableName: "t", Key: [] }, "Key: expected a map, found a list."],
    ["PutItem", { TableName: "t", Item: { id: { S: 1 } } }, "Item.id.S: expected a string, found a number."],
    [
      "PutItem",
      { TableName: "t", Item: { id: "a" } },
      "Item.id: expected an AttributeValue, found a string.",
    ],
    ["BatchWriteItem", { RequestItems: { t: {} } }, "RequestItems.t: expected a list, found a structure."],
    [
      "BatchWriteItem",
      { RequestItems: { t: [1] } },
      "RequestItems.t.1: expected a structure, found a number.",
    ],
    ["BatchGetItem", { RequestItems: { t: [] } }, "RequestItems.t: expected a structure, found a list."],
    [
      "TransactWriteItems",
      { TransactItems: [{ Put: { TableName: "t", Item: { a: { L: {} } } } }] },
      "TransactItems.1.Put.Item.a.L: expected a list, found a structure.",
    ],
  ])("rejects %s %j with SerializationException", (operation, input, message) => {
    expect(() => checkInputTypes(input as Record<string, unknown>, operation)).toThrowError(
      expect.objectContaining({ code: "SerializationException", status: 400, message }),
    );
  });
});

describe("DynamoDB through the local endpoint, members of the wrong type", () => {
  let aws: LocalAws;
  const caller = roleCaller("222222222222", "FuzzTypes");
  beforeAll(async () => {
    aws = await startLocalAws({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      callers: [caller],
      grants: [
        { principal: "arn:aws:iam::222222222222:role/FuzzTypes", action: "dynamodb:*", resource: "*" },
      ],
    });
  });
  afterAll(async () => aws?.close());

  it.each([
    ["ListTables", '{"Limit":"x"}'],
    ["ListTables", '{"ExclusiveStartTableName":[1]}'],
    ["BatchWriteItem", '{"RequestItems":{"t-fuzz":{}}}'],
  ])("%s %s → 400 SerializationException, where the engine alone answers 500", async (operation, body) => {
    const response = await signedFetch(aws.url, {
      service: "dynamodb",
      credentials: caller,
      target: `DynamoDB_20120810.${operation}`,
      contentType: "application/x-amz-json-1.0",
      body,
    });
    expect(response.status, response.text).toBe(400);
    expect(JSON.parse(response.text).__type).toBe("com.amazon.coral.service#SerializationException");
  });
});
