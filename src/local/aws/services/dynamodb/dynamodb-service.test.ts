import { randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import {
  CreateBackupCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedFetch } from "../../../../../test/support/aws-signing.js";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";

const FOOD = roleCaller("222222222222", "FoodHandler");
const BEVERAGE = roleCaller("333333333333", "BeverageHandler");
const READER = roleCaller("222222222222", "FoodReader");
const suffix = randomUUID().slice(0, 8);
const ORDERS = `orders-${suffix}`;
const DRINKS = `drinks-${suffix}`;
const foodTable = `arn:aws:dynamodb:eu-central-1:222222222222:table/${ORDERS}`;

let aws: LocalAws;

function client(caller: typeof FOOD, secretAccessKey = caller.secretAccessKey): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: aws.url,
    region: "eu-central-1",
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

async function createTable(c: DynamoDBClient, name: string): Promise<void> {
  await c.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "day", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byDay",
          KeySchema: [{ AttributeName: "day", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    }),
  );
}

beforeAll(async () => {
  aws = await startLocalAws({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    callers: [FOOD, BEVERAGE, READER],
    grants: [
      {
        principal: FOOD.principal.kind === "role" ? FOOD.principal.arn : "",
        action: "dynamodb:*",
        resource: "*",
      },
      { principal: "arn:aws:iam::333333333333:role/BeverageHandler", action: "dynamodb:*", resource: "*" },
      {
        principal: "arn:aws:iam::222222222222:role/FoodReader",
        action: "dynamodb:Query",
        resource: `${foodTable}/index/byDay`,
      },
    ],
  });
  await createTable(client(FOOD), ORDERS);
  await createTable(client(BEVERAGE), DRINKS);
});

afterAll(async () => {
  await aws?.close();
});

describe("DynamoDB through the local endpoint", () => {
  it("gives each account its own tables", async () => {
    const food = (await client(FOOD).send(new ListTablesCommand({}))).TableNames ?? [];
    const beverage = (await client(BEVERAGE).send(new ListTablesCommand({}))).TableNames ?? [];
    expect(food).toContain(ORDERS);
    expect(food).not.toContain(DRINKS);
    expect(beverage).toContain(DRINKS);
    expect(beverage).not.toContain(ORDERS);
  });

  it("forwards reads and writes to the account's database", async () => {
    const food = client(FOOD);
    await food.send(
      new PutItemCommand({ TableName: ORDERS, Item: { id: { S: "o-1" }, day: { S: "2025-03-01" } } }),
    );
    const item = await food.send(new GetItemCommand({ TableName: ORDERS, Key: { id: { S: "o-1" } } }));
    expect(item.Item).toEqual({ id: { S: "o-1" }, day: { S: "2025-03-01" } });
    const other = client(BEVERAGE).send(new GetItemCommand({ TableName: ORDERS, Key: { id: { S: "o-1" } } }));
    await expect(other).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("checks the index ARN of a Query on an index, and denies in AWS's words", async () => {
    const reader = client(READER);
    const query = await reader.send(
      new QueryCommand({
        TableName: ORDERS,
        IndexName: "byDay",
        KeyConditionExpression: "#d = :d",
        ExpressionAttributeNames: { "#d": "day" },
        ExpressionAttributeValues: { ":d": { S: "2025-03-01" } },
      }),
    );
    expect(query.Count).toBeGreaterThanOrEqual(1);
    const denied = reader.send(new GetItemCommand({ TableName: ORDERS, Key: { id: { S: "o-1" } } }));
    await expect(denied).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
      message:
        "User: arn:aws:sts::222222222222:assumed-role/FoodReader/FoodReader-session is not authorized to perform: " +
        `dynamodb:GetItem on resource: ${foodTable} because no identity-based policy allows the dynamodb:GetItem action`,
    });
    const checked = aws.authorizer.calls
      .filter((c) => c.request.action === "dynamodb:Query")
      .map((c) => c.request.resource);
    expect(checked).toContain(`${foodTable}/index/byDay`);
  });

  it("honours a table's resource policy for a cross-account caller naming the table by ARN", async () => {
    aws.tables.register({
      account: "222222222222",
      region: "eu-central-1",
      name: ORDERS,
      arn: foodTable,
      resourcePolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::333333333333:root" },
            Action: "dynamodb:GetItem",
            Resource: "*",
          },
        ],
      },
    });
    const beverage = client(BEVERAGE);
    const item = await beverage.send(new GetItemCommand({ TableName: foodTable, Key: { id: { S: "o-1" } } }));
    expect(item.Item?.id).toEqual({ S: "o-1" });
    const put = beverage.send(
      new PutItemCommand({ TableName: foodTable, Item: { id: { S: "x" }, day: { S: "d" } } }),
    );
    await expect(put).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("because no resource-based policy allows the dynamodb:PutItem action"),
    });
  });

  it("rejects an unknown key, a wrong secret and an operation it does not implement", async () => {
    const stranger = new DynamoDBClient({
      endpoint: aws.url,
      region: "eu-central-1",
      credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    await expect(stranger.send(new ListTablesCommand({}))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    await expect(client(FOOD, "wrong-secret").send(new ListTablesCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    const backup = client(FOOD).send(new CreateBackupCommand({ TableName: ORDERS, BackupName: "b" }));
    await expect(backup).rejects.toMatchObject({
      name: "NotImplemented",
      $metadata: { httpStatusCode: 501 },
      message: expect.stringContaining("accountmesh does not implement dynamodb:CreateBackup locally"),
    });
  });

  it("passes the engine's response through unchanged, with its x-amz-crc32", async () => {
    const response = await signedFetch(aws.url, {
      service: "dynamodb",
      credentials: FOOD,
      target: "DynamoDB_20120810.ListTables",
      contentType: "application/x-amz-json-1.0",
      body: "{}",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-amz-crc32")).toBe(String(crc32(Buffer.from(response.text))));
    expect(JSON.parse(response.text).TableNames).toContain(ORDERS);
  });
});
