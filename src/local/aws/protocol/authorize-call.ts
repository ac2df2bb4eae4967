// One place where a service asks the Authorizer: the caller's principal, the request's global
// condition keys, and whatever service keys and resource policy the check adds.
import type { Authorizer, ContextValue, Decision, PolicyDocument } from "../../iam/types.js";
import type { OperationContext } from "../aws-service.js";
import { requestContext } from "./request-context.js";

export interface AccessCheck {
  /** `service:Action`. */
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly resourcePolicy?: PolicyDocument;
  /** Service-specific condition keys (kms:ViaService, ...). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export function authorizeCall(authorizer: Authorizer, call: OperationContext, check: AccessCheck): Decision {
  const context =
    check.context === undefined ? requestContext(call) : { ...requestContext(call), ...check.context };
  return authorizer.authorize(
    {
      principal: call.caller.principal,
      action: check.action,
      resource: check.resource,
      resourceAccount: check.resourceAccount,
      context,
    },
    check.resourcePolicy,
  );
}
