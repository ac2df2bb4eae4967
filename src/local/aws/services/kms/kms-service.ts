// KMS (awsJson1_1, TrentService): DescribeKey, authorized against the key policy. Other KMS
// operations answer NotImplemented (the keys exist so that services using them authorize as KMS would).
import type { AwsOperation, AwsService } from "../../aws-service.js";
import type { Authorizer } from "../../deps.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { dispatchJson, requiredString } from "../../protocol/json-dispatch.js";
import { authorizeKeyUse } from "./kms-access.js";
import type { KmsKeys } from "./kms-keys.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

export interface KmsServiceDeps {
  readonly authorizer: Authorizer;
  readonly keys: KmsKeys;
}

export function createKmsService(deps: KmsServiceDeps): AwsService {
  const describeKey: AwsOperation = async (input, context) => {
    const keyId = requiredString(input, "KeyId", "ValidationException");
    const key = deps.keys.resolve(keyId, context.caller.account, context.region);
    if (key === undefined) {
      throw new AwsError("NotFoundException", `Key '${keyId}' does not exist`);
    }
    const decision = authorizeKeyUse(deps.authorizer, context, key, "kms:DescribeKey");
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "kms:DescribeKey", key.arn, decision),
      );
    }
    return {
      KeyMetadata: {
        AWSAccountId: key.account,
        KeyId: key.id,
        Arn: key.arn,
        CreationDate: key.creationDate.getTime() / 1000,
        Enabled: key.enabled,
        Description: key.description,
        KeyUsage: "ENCRYPT_DECRYPT",
        KeyState: key.enabled ? "Enabled" : "Disabled",
        Origin: "AWS_KMS",
        KeyManager: "CUSTOMER",
        KeySpec: "SYMMETRIC_DEFAULT",
        CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
        EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
        MultiRegion: false,
      },
    };
  };
  const operations = { DescribeKey: describeKey };
  return {
    signingName: "kms",
    protocol: { kind: "json", contentType: CONTENT_TYPE, targetPrefix: "TrentService", errorNamespace: "" },
    operations,
    implemented: Object.keys(operations),
    handle: (call) => dispatchJson(call, CONTENT_TYPE, operations),
  };
}
