// DynamoDB Local helpers for tests: a client with fixed dummy credentials, the orders and
// idempotency tables exactly as the CDK creates them (unique names per call), and the handler
// environment that points at them.
import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

export const REGION = "eu-central-1";
export const ACCESS_KEY_ID = "local";

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: "local" },
  });
}

export interface OrdersTables {
  ordersTableName: string;
  idempotencyTableName: string;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createOrdersTables(client: DynamoDBClient, prefix: string): Promise<OrdersTables> {
  const ordersTableName = uniqueName(prefix);
  const idempotencyTableName = `${ordersTableName}-idempotency`;
  await client.send(
    new CreateTableCommand({
      TableName: ordersTableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "orderId", AttributeType: "S" },
        { AttributeName: "orderDate", AttributeType: "S" },
        { AttributeName: "orderList", AttributeType: "S" },
        { AttributeName: "createdAt", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "orderDateIndex",
          KeySchema: [
            { AttributeName: "orderDate", KeyType: "HASH" },
            { AttributeName: "createdAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: "orderListIndex",
          KeySchema: [
            { AttributeName: "orderList", KeyType: "HASH" },
            { AttributeName: "createdAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: idempotencyTableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: idempotencyTableName,
      TimeToLiveSpecification: { AttributeName: "expiration", Enabled: true },
    }),
  );
  return { ordersTableName, idempotencyTableName };
}

/** Every item of a table (tests may Scan; the handlers never do). */
export async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const documents = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * The AWS part of a handler's environment: SDK default resolution pointed at DynamoDB Local with
 * fixed dummy credentials. The SDK reads these lazily, so set them for the whole test file.
 */
export function awsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: "local",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  };
}

/** The orders part of a handler's environment, as the CDK sets it; read once at cold start. */
export function ordersEnv(tables: OrdersTables, service: string, options: string): Record<string, string> {
  return {
    ORDERS_TABLE_NAME: tables.ordersTableName,
    ORDER_DATE_INDEX_NAME: "orderDateIndex",
    ORDER_LIST_INDEX_NAME: "orderListIndex",
    IDEMPOTENCY_TABLE_NAME: tables.idempotencyTableName,
    MICROSERVICE_TOPIC: service,
    ORDER_OPTIONS: options,
    POWERTOOLS_SERVICE_NAME: `orders-${service}`,
  };
}
