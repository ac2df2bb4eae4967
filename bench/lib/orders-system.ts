// What the references need from the synthesized orders system (cdk.out): the food service's
// PlaceOrder bundle and environment, and its two tables as CreateTable inputs — read from the
// template, so the floor and the peer run exactly the deployed handler against the same schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";

export const ORDERS_HOST = "food.cross-account-microservices.com";
export const ORDERS_PATH = "/v1/orders";
export const ORDER_BODY = JSON.stringify({ fullName: "Ana", food: "pizza" });
const FOOD_STACK = "OrdersFood";
const POST_ORDER_FUNCTION = "cross-account-microservices-food-post-order";

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface OrdersFunction {
  /** The bundle's entry file (cdk.out/asset.<hash>/index.mjs). */
  readonly bundleFile: string;
  readonly bundleDir: string;
  /** Environment variables of the function, Refs to tables resolved to the tables' names. */
  readonly environment: Readonly<Record<string, string>>;
  readonly tables: readonly CreateTableCommandInput[];
  /** The orders table (the one with the listing index). */
  readonly ordersTable: string;
}

export function readOrdersFunction(assemblyDir: string): OrdersFunction {
  const template = JSON.parse(readFileSync(join(assemblyDir, `${FOOD_STACK}.template.json`), "utf8")) as {
    Resources: Record<string, Resource>;
  };
  const resources = template.Resources;
  const fn = Object.values(resources).find(
    (r) => r.Type === "AWS::Lambda::Function" && r.Properties?.FunctionName === POST_ORDER_FUNCTION,
  );
  const assetPath = fn?.Metadata?.["aws:asset:path"];
  if (fn === undefined || typeof assetPath !== "string") {
    throw new Error(`${FOOD_STACK} has no function ${POST_ORDER_FUNCTION} with a bundled asset`);
  }
  const tableName = (logicalId: string): string => {
    const name = resources[logicalId]?.Properties?.TableName;
    if (typeof name !== "string") throw new Error(`${FOOD_STACK}/${logicalId} has no TableName`);
    return name;
  };
  const environmentProperty = fn.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  const variables = environmentProperty?.Variables ?? {};
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (key === "NODE_OPTIONS") continue;
    const ref = (value as { Ref?: string } | null)?.Ref;
    environment[key] = ref === undefined ? String(value) : tableName(ref);
  }
  const tables = Object.values(resources)
    .filter((r) => r.Type === "AWS::DynamoDB::GlobalTable" || r.Type === "AWS::DynamoDB::Table")
    .map((r) => createTableInput(r.Properties ?? {}));
  const ordersTable = tables.find((t) => (t.GlobalSecondaryIndexes?.length ?? 0) > 0)?.TableName;
  if (ordersTable === undefined) throw new Error(`${FOOD_STACK} has no table with a secondary index`);
  const bundleDir = join(assemblyDir, assetPath);
  return { bundleFile: join(bundleDir, "index.mjs"), bundleDir, environment, tables, ordersTable };
}

function createTableInput(properties: Record<string, unknown>): CreateTableCommandInput {
  const indexes = (properties.GlobalSecondaryIndexes ?? []) as GlobalSecondaryIndex[];
  return {
    TableName: String(properties.TableName),
    AttributeDefinitions: properties.AttributeDefinitions as AttributeDefinition[],
    KeySchema: properties.KeySchema as KeySchemaElement[],
    BillingMode: "PAY_PER_REQUEST",
    ...(indexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }),
  };
}

/** Creates the tables in the engine under `accessKeyId` (DynamoDB Local keeps a database per key). */
export async function createTables(
  engine: string,
  accessKeyId: string,
  tables: readonly CreateTableCommandInput[],
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: engine,
    region: "eu-central-1",
    credentials: { accessKeyId, secretAccessKey: "bench" },
  });
  try {
    for (const table of tables) {
      try {
        await client.send(new CreateTableCommand(table));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
  } finally {
    client.destroy();
  }
}
