// The services of the local AWS endpoint, found by X-Amz-Target prefix (JSON protocols) or by SigV4
// signing name (query protocols), and their in-process operations (for AwsCustomResource).
import type { AwsOperation, AwsService } from "./aws-service.js";
import type { Authorizer, Ec2View } from "./deps.js";
import type { ApiGatewayState } from "./services/apigateway/api-gateway-state.js";
import { createApiGatewayService } from "./services/apigateway/apigateway-service.js";
import type { DynamoDbEngine } from "./services/dynamodb/dynamodb-engine.js";
import { createDynamoDbService } from "./services/dynamodb/dynamodb-service.js";
import type { DynamoDbTables } from "./services/dynamodb/dynamodb-tables.js";
import { createEc2Service } from "./services/ec2/ec2-service.js";
import type { KmsKeys } from "./services/kms/kms-keys.js";
import { createKmsService } from "./services/kms/kms-service.js";
import type { SecretStore } from "./services/secretsmanager/secret-store.js";
import { createSecretsManagerService } from "./services/secretsmanager/secretsmanager-service.js";
import { createStsService } from "./services/sts/sts-service.js";

export class ServiceRegistry {
  private readonly byTarget = new Map<string, AwsService>();
  private readonly byName = new Map<string, AwsService>();

  constructor(services: readonly AwsService[]) {
    for (const service of services) {
      this.byName.set(service.signingName, service);
      if (service.protocol.kind === "json") this.byTarget.set(service.protocol.targetPrefix, service);
    }
  }

  byTargetPrefix(prefix: string): AwsService | undefined {
    return this.byTarget.get(prefix);
  }

  bySigningName(signingName: string): AwsService | undefined {
    return this.byName.get(signingName);
  }

  /** An operation callable in-process, e.g. `operation("ec2", "DescribeManagedPrefixLists")`. */
  operation(signingName: string, name: string): AwsOperation | undefined {
    return this.byName.get(signingName)?.operations[name];
  }

  /** `service:Operation` of every in-process operation, for error messages. */
  operationNames(): string[] {
    return [...this.byName.values()].flatMap((s) =>
      Object.keys(s.operations).map((op) => `${s.signingName}:${op}`),
    );
  }
}

export interface AwsServiceDeps {
  readonly authorizer: Authorizer;
  readonly ec2: Ec2View;
  readonly dynamodb: { readonly engine: DynamoDbEngine; readonly tables: DynamoDbTables };
  readonly secrets: SecretStore;
  readonly keys: KmsKeys;
  /** REST APIs, for API Gateway's in-process CreateDeployment (absent: no API Gateway operations). */
  readonly apiGateway?: ApiGatewayState;
}

/** Every service the local endpoint speaks. */
export function createServiceRegistry(deps: AwsServiceDeps): ServiceRegistry {
  return new ServiceRegistry([
    createDynamoDbService({ authorizer: deps.authorizer, ...deps.dynamodb }),
    createSecretsManagerService({ authorizer: deps.authorizer, secrets: deps.secrets, keys: deps.keys }),
    createKmsService({ authorizer: deps.authorizer, keys: deps.keys }),
    createStsService(),
    createEc2Service({ authorizer: deps.authorizer, view: deps.ec2 }),
    ...(deps.apiGateway === undefined
      ? []
      : [createApiGatewayService({ authorizer: deps.authorizer, state: deps.apiGateway })]),
  ]);
}
