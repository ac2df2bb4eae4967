// Authorization of a use of a KMS key: the caller's identity policy and the key policy (which KMS
// always requires), with KMS's condition keys (kms:CallerAccount, kms:ViaService when a service such
// as Secrets Manager uses the key on the caller's behalf).
import type { Authorizer, ContextValue, Decision } from "../../../iam/types.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import type { KmsKey } from "./kms-keys.js";

export function authorizeKeyUse(
  authorizer: Authorizer,
  call: OperationContext,
  key: KmsKey,
  action: string,
  serviceContext: Readonly<Record<string, ContextValue>> = {},
): Decision {
  return authorizeCall(authorizer, call, {
    action,
    resource: key.arn,
    resourceAccount: key.account,
    resourcePolicy: key.policy,
    context: { "kms:CallerAccount": call.caller.account, ...serviceContext },
  });
}
