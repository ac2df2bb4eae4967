import { randomUUID } from "node:crypto";
import { DescribeTimeToLiveCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { cdkOutResource, cdkOutStack } from "../../../../../test/support/cdk-out-resources.js";
import type { ResolvedResource, UnsupportedFeature } from "../../../assembly/types.js";
import { DynamoDbEngine } from "./dynamodb-engine.js";
import { createDynamoDbProviders } from "./dynamodb-providers.js";
import { DynamoDbTables } from "./dynamodb-tables.js";

const engine = new DynamoDbEngine(inject("dynamodbEndpoint"));
const tables = new DynamoDbTables();
const reported: UnsupportedFeature[] = [];
const providers = createDynamoDbProviders({ engine, tables, report: (f) => reported.push(f) });
const food = cdkOutStack("OrdersFood");
// A fresh account per run keeps the engine's database of this test to itself.
const account = `9${randomUUID().replace(/\D/g, "").padEnd(11, "0").slice(0, 11)}`;
const stack = { ...food, account };

function provider(type: string) {
  const found = providers.find((p) => p.type === type);
  if (found === undefined) throw new Error(`no provider for ${type}`);
  return found;
}

function withProperties(resource: ResolvedResource, changes: Record<string, unknown>): ResolvedResource {
  return { ...resource, properties: { ...resource.properties, ...changes } };
}

afterAll(() => engine.close());

describe("AWS::DynamoDB::GlobalTable and AWS::DynamoDB::Table", () => {
  const orders = cdkOutResource(stack, "MicroserviceTablesOrders0A4809B4");
  const idempotency = cdkOutResource(stack, "MicroserviceTablesIdempotency4F6DAFB4");

  it("creates the template's tables in the account's database, with TTL", async () => {
    const created = await provider(orders.type).create(orders);
    expect(created.ref).toBe("cross-account-microservices-food");
    expect(created.attributes?.Arn).toBe(
      `arn:aws:dynamodb:eu-central-1:${account}:table/cross-account-microservices-food`,
    );
    await provider(idempotency.type).create(idempotency);
    const ttl = await engine
      .client(account, "eu-central-1")
      .send(new DescribeTimeToLiveCommand({ TableName: "cross-account-microservices-food-idempotency" }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: "expiration",
      TimeToLiveStatus: "ENABLED",
    });
    expect(tables.get(account, "eu-central-1", "cross-account-microservices-food")?.arn).toBe(
      created.attributes?.Arn,
    );
  });

  it("keeps an existing table with the same schema, and its data", async () => {
    const client = engine.client(account, "eu-central-1");
    await client.send(
      new PutItemCommand({ TableName: "cross-account-microservices-food", Item: { orderId: { S: "kept" } } }),
    );
    await provider(orders.type).create(orders);
    await provider(idempotency.type).create(idempotency);
    const item = await client.send(
      new GetItemCommand({ TableName: "cross-account-microservices-food", Key: { orderId: { S: "kept" } } }),
    );
    expect(item.Item?.orderId).toEqual({ S: "kept" });
  });

  it("refuses a changed key schema with a coded error that says what to do", async () => {
    const changed = withProperties(orders, {
      KeySchema: [{ AttributeName: "orderDate", KeyType: "HASH" }],
    });
    await expect(provider(orders.type).create(changed)).rejects.toMatchObject({
      code: "DYNAMODB_TABLE_SCHEMA_CHANGED",
      message: expect.stringMatching(
        /key schema orderId:S:HASH → orderDate:S:HASH.*\.accountmesh\/.*--in-memory/,
      ),
    });
  });

  it("generates a name when TableName is absent, reports replicas in other regions and honours the local replica's policy", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "dynamodb:GetItem",
          Resource: "*",
        },
      ],
    };
    const unnamed = withProperties(idempotency, {
      TableName: undefined,
      Replicas: [
        { Region: "eu-central-1", ResourcePolicy: { PolicyDocument: policy } },
        { Region: "us-east-1" },
      ],
    });
    const created = await provider(idempotency.type).create(unnamed);
    expect(created.ref).toMatch(/^OrdersFood-MicroserviceTablesIdempotency4F6DAFB4-[A-Z0-9]{12}$/);
    expect(tables.resourcePolicy(account, "eu-central-1", created.ref)).toEqual(policy);
    expect(reported).toContainEqual(
      expect.objectContaining({
        name: "AWS::DynamoDB::GlobalTable.Replicas",
        detail: expect.stringContaining("us-east-1"),
      }),
    );
  });

  it("gives a table with a stream its StreamArn in the account and region", async () => {
    const streamed = {
      ...orders,
      type: "AWS::DynamoDB::Table",
      logicalId: "Streamed",
      properties: {
        TableName: `streamed-${account}`,
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        StreamSpecification: { StreamViewType: "NEW_IMAGE" },
      },
    };
    const created = await provider("AWS::DynamoDB::Table").create(streamed);
    expect(created.attributes?.StreamArn).toMatch(
      new RegExp(`^arn:aws:dynamodb:eu-central-1:${account}:table/streamed-${account}/stream/.+`),
    );
  });
});
