// The local AWS endpoint with its real parts (DynamoDB Local from the global setup, the stores) and
// the test doubles, served on a loopback port.
import { createAwsEndpoint } from "../../src/local/aws/aws-endpoint.js";
import type { Ec2View } from "../../src/local/aws/deps.js";
import { createServiceRegistry, type ServiceRegistry } from "../../src/local/aws/service-registry.js";
import { DynamoDbEngine } from "../../src/local/aws/services/dynamodb/dynamodb-engine.js";
import { DynamoDbTables } from "../../src/local/aws/services/dynamodb/dynamodb-tables.js";
import { KmsKeys } from "../../src/local/aws/services/kms/kms-keys.js";
import { SecretStore } from "../../src/local/aws/services/secretsmanager/secret-store.js";
import {
  type Grant,
  ListedAuthorizer,
  StaticCallers,
  StaticEc2View,
  type TestCaller,
} from "./aws-test-doubles.js";
import { serveLocalHandler } from "./serve-local-handler.js";

export interface LocalAws {
  readonly url: string;
  readonly authorizer: ListedAuthorizer;
  readonly engine: DynamoDbEngine;
  readonly tables: DynamoDbTables;
  readonly secrets: SecretStore;
  readonly keys: KmsKeys;
  readonly services: ServiceRegistry;
  close(): Promise<void>;
}

export interface LocalAwsOptions {
  readonly dynamodbEndpoint: string;
  readonly callers: readonly TestCaller[];
  readonly grants: readonly Grant[];
  readonly ec2?: Ec2View;
}

export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const authorizer = new ListedAuthorizer(options.grants);
  const engine = new DynamoDbEngine(options.dynamodbEndpoint);
  const tables = new DynamoDbTables();
  const secrets = new SecretStore();
  const keys = new KmsKeys();
  const services = createServiceRegistry({
    authorizer,
    ec2: options.ec2 ?? new StaticEc2View([], []),
    dynamodb: { engine, tables },
    secrets,
    keys,
  });
  const served = await serveLocalHandler(
    createAwsEndpoint({ callers: new StaticCallers(options.callers), services }),
  );
  return {
    url: served.url,
    authorizer,
    engine,
    tables,
    secrets,
    keys,
    services,
    async close() {
      await served.close();
      engine.close();
    },
  };
}
