// KMS (awsJson1_1, TrentService): DescribeKey on the wire, authorized against the key policy. Decrypt
// is served in-process only, for services that use a key on a caller's behalf (Secrets Manager reading
// a secret): it authorizes as KMS would (key policy, kms:ViaService, encryption context) and decrypts
// nothing, since nothing is encrypted locally. Other operations answer NotImplemented.

import type { Authorizer, ContextValue } from "../../../iam/types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
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
  /**
   * In-process: `{ KeyId, EncryptionContext? }` as the caller, usually with `viaService` set by the
   * calling service. Errors: NotFoundException, DisabledException, AccessDeniedException.
   */
  const decrypt: AwsOperation = async (input, context) => {
    const keyId = requiredString(input, "KeyId", "ValidationException");
    const key = deps.keys.resolve(keyId, context.caller.account, context.region);
    if (key === undefined) {
      throw new AwsError("NotFoundException", `Key '${keyId}' does not exist`);
    }
    if (!key.enabled) {
      throw new AwsError("DisabledException", `${key.arn} is disabled.`);
    }
    const encryptionContext = (input.EncryptionContext ?? {}) as Readonly<Record<string, string>>;
    const conditionKeys: Record<string, ContextValue> = {
      "kms:EncryptionContextKeys": Object.keys(encryptionContext),
    };
    for (const [name, value] of Object.entries(encryptionContext)) {
      conditionKeys[`kms:EncryptionContext:${name}`] = value;
    }
    if (context.viaService !== undefined) {
      conditionKeys["kms:ViaService"] = `${context.viaService}.${key.region}.amazonaws.com`;
    }
    const decision = authorizeKeyUse(deps.authorizer, context, key, "kms:Decrypt", conditionKeys);
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "kms:Decrypt", key.arn, decision),
      );
    }
    return { KeyId: key.arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
  };
  const wire = { DescribeKey: describeKey };
  return {
    signingName: "kms",
    protocol: { kind: "json", contentType: CONTENT_TYPE, targetPrefix: "TrentService", errorNamespace: "" },
    operations: { ...wire, Decrypt: decrypt },
    implemented: Object.keys(wire),
    handle: (call) => dispatchJson(call, CONTENT_TYPE, wire),
  };
}
