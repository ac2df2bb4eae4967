// vitest globalSetup: one in-memory DynamoDB Local for the whole run. Tests read its endpoint with
// `inject("dynamodbEndpoint")` and isolate themselves by table name (and, if they need a separate
// database, by access key id: DynamoDB Local runs without -sharedDb).
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../src/local/aws/services/dynamodb/dynamodb-local.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal({ port: 0, inMemory: true });
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
