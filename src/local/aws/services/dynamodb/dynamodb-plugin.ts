// DynamoDB: a real engine (Amazon DynamoDB Local, Java) with one database per account, tables from the
// templates, and every API call IAM-checked as the caller before it reaches the engine.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { DynamoDbEngine } from "./dynamodb-engine.js";
import { startDynamoDbLocal } from "./dynamodb-local.js";
import { ensureDynamoDbLocal } from "./dynamodb-local-fetch.js";
import { createDynamoDbProviders } from "./dynamodb-providers.js";
import { createDynamoDbService } from "./dynamodb-service.js";
import { DynamoDbTables } from "./dynamodb-tables.js";

export const dynamoDbPlugin: ServicePlugin = {
  name: "dynamodb",
  async start(platform) {
    await ensureDynamoDbLocal((line) => platform.log(line));
    const local = await startDynamoDbLocal(
      platform.inMemory ? { inMemory: true } : { dbPath: platform.dataDir("dynamodb") },
    );
    platform.log(`DynamoDB Local started at ${local.endpoint}${platform.inMemory ? " (in memory)" : ""}`);
    const engine = new DynamoDbEngine(local.endpoint);
    const tables = new DynamoDbTables();
    return {
      providers: createDynamoDbProviders({ engine, tables, report: (feature) => platform.report(feature) }),
      api: createDynamoDbService({ authorizer: platform.authorizer, engine, tables }),
      async stop() {
        engine.close();
        await local.stop();
      },
    };
  },
};
