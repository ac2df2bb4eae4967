// The local AWS endpoint with its real parts (DynamoDB Local from the global setup, the stores) and
// the test doubles, served on a loopback port.
import { type AwsClient, createAwsClient } from "../../src/local/aws/aws-client.js";
import { createAwsEndpoint } from "../../src/local/aws/aws-endpoint.js";
import type { Ec2View } from "../../src/local/aws/deps.js";
import { ServiceRegistry } from "../../src/local/aws/service-registry.js";
import { DynamoDbEngine } from "../../src/local/aws/services/dynamodb/dynamodb-engine.js";
import { createDynamoDbService } from "../../src/local/aws/services/dynamodb/dynamodb-service.js";
import { DynamoDbTables } from "../../src/local/aws/services/dynamodb/dynamodb-tables.js";
import { createEc2Service } from "../../src/local/aws/services/ec2/ec2-service.js";
import { KmsKeys } from "../../src/local/aws/services/kms/kms-keys.js";
import { createKmsService } from "../../src/local/aws/services/kms/kms-service.js";
import { SecretStore } from "../../src/local/aws/services/secretsmanager/secret-store.js";
import { createSecretsManagerService } from "../../src/local/aws/services/secretsmanager/secretsmanager-service.js";
import { createStsService } from "../../src/local/aws/services/sts/sts-service.js";
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
  /** The in-process client over the same services. */
  readonly client: AwsClient;
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
  let services: ServiceRegistry | undefined;
  const client = createAwsClient(() => services as ServiceRegistry);
  services = new ServiceRegistry([
    createDynamoDbService({ authorizer, engine, tables }),
    createSecretsManagerService({ authorizer, secrets, aws: client }),
    createKmsService({ authorizer, keys }),
    createStsService(),
    createEc2Service({ authorizer, view: options.ec2 ?? new StaticEc2View([], []) }),
  ]);
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
    client,
    async close() {
      await served.close();
      engine.close();
    },
  };
}
