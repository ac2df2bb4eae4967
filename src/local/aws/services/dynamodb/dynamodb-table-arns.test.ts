// Table ARNs wherever DynamoDB accepts them, through the real SDK v3 client and the engine: batch
// operations keyed by ARN answer keyed by ARN, transactions name tables by ARN, a batch over two
// accounts is split and merged, and the in-process operations API Gateway integrations call.
import { randomUUID } from "node:crypto";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";
import { AwsError } from "../../protocol/aws-error.js";

const REGION = "eu-central-1";
const FOOD = roleCaller("222222222222", "ArnFood");
const BEVERAGE = roleCaller("333333333333", "ArnBeverage");
const suffix = randomUUID().slice(0, 8);
const ORDERS = `arn-orders-${suffix}`;
const DRINKS = `arn-drinks-${suffix}`;
const ordersArn = `arn:aws:dynamodb:${REGION}:222222222222:table/${ORDERS}`;
const drinksArn = `arn:aws:dynamodb:${REGION}:333333333333:table/${DRINKS}`;

let aws: LocalAws;
const client = (caller: typeof FOOD) =>
  new DynamoDBClient({
    endpoint: aws.url,
    region: REGION,
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
    maxAttempts: 1,
  });

beforeAll(async () => {
  aws = await startLocalAws({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    callers: [FOOD, BEVERAGE],
    grants: [
      { principal: "arn:aws:iam::222222222222:role/ArnFood", action: "dynamodb:*", resource: "*" },
      { principal: "arn:aws:iam::333333333333:role/ArnBeverage", action: "dynamodb:*", resource: "*" },
    ],
  });
  for (const [caller, name] of [
    [FOOD, ORDERS],
    [BEVERAGE, DRINKS],
  ] as const) {
    await client(caller).send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
  }
  // The beverage table lets the food account read and write it (a table resource policy).
  aws.tables.register({
    account: "333333333333",
    region: REGION,
    name: DRINKS,
    arn: drinksArn,
    resourcePolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:root" },
          Action: [
            "dynamodb:BatchGetItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:PutItem",
            "dynamodb:GetItem",
          ],
          Resource: "*",
        },
      ],
    },
  });
});

afterAll(async () => {
  await aws?.close();
});

describe("table ARNs in batch and transaction operations", () => {
  it("writes and reads a batch keyed by ARN and answers keyed by the ARN the caller wrote", async () => {
    const food = client(FOOD);
    const written = await food.send(
      new BatchWriteItemCommand({
        RequestItems: { [ordersArn]: [{ PutRequest: { Item: { id: { S: "b-1" } } } }] },
      }),
    );
    expect(written.UnprocessedItems).toEqual({});
    const read = await food.send(
      new BatchGetItemCommand({ RequestItems: { [ordersArn]: { Keys: [{ id: { S: "b-1" } }] } } }),
    );
    expect(read.Responses).toEqual({ [ordersArn]: [{ id: { S: "b-1" } }] });
    const byName = await food.send(
      new BatchGetItemCommand({ RequestItems: { [ORDERS]: { Keys: [{ id: { S: "b-1" } }] } } }),
    );
    expect(Object.keys(byName.Responses ?? {})).toEqual([ORDERS]);
  });

  it("runs transactions whose items name their tables by ARN", async () => {
    const food = client(FOOD);
    await food.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: ordersArn, Item: { id: { S: "t-1" } } } },
          { Put: { TableName: ORDERS, Item: { id: { S: "t-2" } } } },
        ],
      }),
    );
    const got = await food.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: ordersArn, Key: { id: { S: "t-1" } } } },
          { Get: { TableName: ordersArn, Key: { id: { S: "t-2" } } } },
        ],
      }),
    );
    expect(got.Responses?.map((r) => r.Item?.id?.S)).toEqual(["t-1", "t-2"]);
  });

  it("splits a batch over two accounts' tables, each allowed by its own policies, and merges the answers", async () => {
    const food = client(FOOD);
    await food.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [ordersArn]: [{ PutRequest: { Item: { id: { S: "x-1" } } } }],
          [drinksArn]: [{ PutRequest: { Item: { id: { S: "x-2" } } } }],
        },
      }),
    );
    const read = await food.send(
      new BatchGetItemCommand({
        RequestItems: {
          [ordersArn]: { Keys: [{ id: { S: "x-1" } }] },
          [drinksArn]: { Keys: [{ id: { S: "x-2" } }] },
        },
      }),
    );
    expect(read.Responses).toEqual({
      [ordersArn]: [{ id: { S: "x-1" } }],
      [drinksArn]: [{ id: { S: "x-2" } }],
    });
    const mine = await client(BEVERAGE).send(
      new BatchGetItemCommand({ RequestItems: { [DRINKS]: { Keys: [{ id: { S: "x-2" } }] } } }),
    );
    expect(mine.Responses?.[DRINKS]).toEqual([{ id: { S: "x-2" } }]);
  });

  it("refuses a transaction over two accounts' tables, naming why", async () => {
    const across = client(FOOD).send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: ordersArn, Item: { id: { S: "y-1" } } } },
          { Put: { TableName: drinksArn, Item: { id: { S: "y-2" } } } },
        ],
      }),
    );
    await expect(across).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("cannot be atomic locally"),
    });
  });
});

describe("in-process DynamoDB operations (for API Gateway service integrations)", () => {
  const context = { caller: { principal: FOOD.principal, account: "222222222222" }, region: REGION };

  it("returns SDK-shaped output", async () => {
    await aws.client.call(context, "dynamodb", "PutItem", {
      TableName: ordersArn,
      Item: { id: { S: "i-1" } },
    });
    const output = await aws.client.call(context, "dynamodb", "GetItem", {
      TableName: ORDERS,
      Key: { id: { S: "i-1" } },
    });
    expect(output.Item).toEqual({ id: { S: "i-1" } });
  });

  it("throws the engine's error with DynamoDB's namespace and status", async () => {
    const missing = aws.client.call(context, "dynamodb", "GetItem", {
      TableName: "nope",
      Key: { id: { S: "1" } },
    });
    await expect(missing).rejects.toBeInstanceOf(AwsError);
    await expect(missing).rejects.toMatchObject({
      code: "ResourceNotFoundException",
      status: 400,
      namespace: "com.amazonaws.dynamodb.v20120810",
    });
  });
});
