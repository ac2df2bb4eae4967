// Secrets Manager (awsJson1_1): GetSecretValue and DescribeSecret by name or ARN (other accounts'
// secrets by ARN only). Both sides are evaluated: the caller's identity policy and the secret's
// resource policy; reading a value protected by a customer managed key also needs kms:Decrypt on
// the key, via Secrets Manager, as its key policy allows.

import type { Authorizer } from "../../../iam/types.js";
import type { AwsClient } from "../../aws-client.js";
import type { AwsOperation, AwsService, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { dispatchJson, requiredString } from "../../protocol/json-dispatch.js";
import type { Secret, SecretStore } from "./secret-store.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";
const CURRENT = "AWSCURRENT";

export interface SecretsManagerServiceDeps {
  readonly authorizer: Authorizer;
  readonly secrets: SecretStore;
  /** Reaches KMS on the caller's behalf (kms:Decrypt via secretsmanager). */
  readonly aws: AwsClient;
}

const epochSeconds = (date: Date): number => date.getTime() / 1000;

export function createSecretsManagerService(deps: SecretsManagerServiceDeps): AwsService {
  function authorizedSecret(
    input: Readonly<Record<string, unknown>>,
    context: OperationContext,
    action: string,
  ): Secret {
    const secretId = requiredString(input, "SecretId", "InvalidParameterException");
    const secret = deps.secrets.find(secretId, context.caller.account, context.region);
    if (secret === undefined) {
      throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }
    const decision = authorizeCall(deps.authorizer, context, {
      action,
      resource: secret.arn,
      resourceAccount: secret.account,
      resourcePolicy: secret.resourcePolicy,
      context: { "secretsmanager:SecretId": secret.arn },
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, action, secret.arn, decision),
      );
    }
    return secret;
  }

  /** Secrets Manager decrypts with the caller's permissions, via the service (kms:ViaService). */
  async function authorizeDecrypt(secret: Secret, context: OperationContext): Promise<void> {
    if (secret.kmsKeyId === undefined) {
      if (secret.account !== context.caller.account) {
        throw new AwsError(
          "AccessDeniedException",
          "Access to KMS is not allowed: the secret is encrypted with the AWS managed key aws/secretsmanager, which other accounts cannot use. Encrypt it with a customer managed key whose key policy allows them.",
        );
      }
      return;
    }
    const keyId = keyArnOrId(secret.kmsKeyId, secret.account, secret.region);
    try {
      await deps.aws.call(
        {
          caller: context.caller,
          region: secret.region,
          source: context.source,
          viaService: "secretsmanager",
          requestId: context.requestId,
        },
        "kms",
        "Decrypt",
        { KeyId: keyId, EncryptionContext: { SecretARN: secret.arn, SecretVersionId: secret.versionId } },
      );
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      if (error.code === "AccessDeniedException") {
        throw new AwsError("AccessDeniedException", `Access to KMS is not allowed. ${error.message}`);
      }
      throw new AwsError(
        "DecryptionFailure",
        `Secrets Manager can't decrypt the protected secret text using the provided KMS key (${secret.kmsKeyId}: ${error.message}).`,
      );
    }
  }

  const getSecretValue: AwsOperation = async (input, context) => {
    const secret = authorizedSecret(input, context, "secretsmanager:GetSecretValue");
    const { VersionId: versionId, VersionStage: stage } = input;
    if (secret.secretString === undefined || (stage !== undefined && stage !== CURRENT)) {
      throw new AwsError(
        "ResourceNotFoundException",
        `Secrets Manager can't find the specified secret value for staging label: ${typeof stage === "string" ? stage : CURRENT}`,
      );
    }
    if (versionId !== undefined && versionId !== secret.versionId) {
      throw new AwsError(
        "ResourceNotFoundException",
        `Secrets Manager can't find the specified secret value for VersionId: ${String(versionId)}`,
      );
    }
    await authorizeDecrypt(secret, context);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: secret.versionId,
      SecretString: secret.secretString,
      VersionStages: [CURRENT],
      CreatedDate: epochSeconds(secret.createdDate),
    };
  };

  const describeSecret: AwsOperation = async (input, context) => {
    const secret = authorizedSecret(input, context, "secretsmanager:DescribeSecret");
    return {
      ARN: secret.arn,
      Name: secret.name,
      Description: secret.description,
      KmsKeyId: secret.kmsKeyId,
      CreatedDate: epochSeconds(secret.createdDate),
      LastChangedDate: epochSeconds(secret.createdDate),
      Tags: secret.tags,
      VersionIdsToStages: secret.secretString === undefined ? {} : { [secret.versionId]: [CURRENT] },
    };
  };

  const operations = { GetSecretValue: getSecretValue, DescribeSecret: describeSecret };
  return {
    signingName: "secretsmanager",
    protocol: { kind: "json", contentType: CONTENT_TYPE, targetPrefix: "secretsmanager", errorNamespace: "" },
    operations,
    implemented: Object.keys(operations),
    handle: (call) => dispatchJson(call, CONTENT_TYPE, operations),
  };
}

/** A key named by id or alias in the secret's own account becomes an ARN there (the caller may be elsewhere). */
function keyArnOrId(keyId: string, account: string, region: string): string {
  if (keyId.startsWith("arn:")) return keyId;
  return keyId.startsWith("alias/")
    ? `arn:aws:kms:${region}:${account}:${keyId}`
    : `arn:aws:kms:${region}:${account}:key/${keyId}`;
}
