// Secrets Manager: secrets and their resource policies, GetSecretValue/DescribeSecret with both sides
// evaluated, KMS reached on the caller's behalf, and `{{resolve:secretsmanager:...}}` references.
import { rootPrincipal } from "../../../iam/principals.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import type { AwsClient } from "../../aws-client.js";
import { AwsError } from "../../protocol/aws-error.js";
import { SecretStore } from "./secret-store.js";
import { createSecretsManagerProviders } from "./secretsmanager-providers.js";
import { createSecretsManagerReferenceResolver } from "./secretsmanager-reference.js";
import { createSecretsManagerService } from "./secretsmanager-service.js";

export const secretsManagerPlugin: ServicePlugin = {
  name: "secretsmanager",
  start(platform) {
    const secrets = new SecretStore();
    return {
      providers: createSecretsManagerProviders({ secrets, keyExists: kmsKeyExists(platform.aws) }),
      api: createSecretsManagerService({ authorizer: platform.authorizer, secrets, aws: platform.aws }),
      dynamicReferences: { secretsmanager: createSecretsManagerReferenceResolver(secrets) },
    };
  },
};

/**
 * Whether KMS knows a key in the account, asked as the account's administrator (as CloudFormation
 * deploys): a key the administrator may not describe still exists.
 */
export function kmsKeyExists(
  aws: AwsClient,
): (keyId: string, account: string, region: string) => Promise<boolean> {
  return async (keyId, account, region) => {
    try {
      await aws.call(
        { caller: { principal: rootPrincipal(account), account }, region },
        "kms",
        "DescribeKey",
        {
          KeyId: keyId,
        },
      );
      return true;
    } catch (error) {
      if (error instanceof AwsError && error.code === "AccessDeniedException") return true;
      if (error instanceof AwsError && error.code === "NotFoundException") return false;
      throw error;
    }
  };
}
