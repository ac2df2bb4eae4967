// May the caller assume the role? AWS's rule for sts:AssumeRole: the role's trust policy is a
// resource-based policy that must itself allow the caller. In the role's own account a trust policy
// naming the calling role (or its session) allows on its own; one naming only the account (`:root`)
// delegates to the caller's identity policies, which must allow sts:AssumeRole on the role too. Across
// accounts both sides must allow, as for any cross-account call; an explicit Deny anywhere wins.
// (IAM User Guide, "Cross account resource access in IAM" and "How IAM roles differ from
// resource-based policies"; STS API Reference, AssumeRole: "The trust policy of the role must allow".)
//
// The decision point's general rule lets the identity policy alone allow in the same account, so this
// adds the trust-policy requirement on top of the existing Authorizer decision. The lead reconciles it
// with the evaluator's own "resource policy must allow" service rules when those land.
import type { AuthorizationRequest, Authorizer, Decision, PolicyDocument } from "../../../iam/types.js";

const TRUST_POLICY_MISSING: Decision = Object.freeze({
  allowed: false,
  reason: "implicit-deny",
  statements: Object.freeze([]),
});

/**
 * The decision for `request` (action `sts:AssumeRole`, resource the role ARN, resourceAccount the
 * role's account) against the caller's identity policies and the role's `trustPolicy`.
 *
 * In the same account the general decision allows when the identity policy allows or the trust policy
 * names the caller specifically; the trust policy must allow as well. That is asked of the same decision
 * point as if the role were in another account, where the rule is "identity AND trust (naming the
 * caller or its account)": allowed there means the trust policy allows; `cross-account-identity-missing`
 * means the identity policy did not allow, so the same-account allow came from a trust policy naming
 * the caller specifically; `cross-account-resource-missing` means the trust policy does not allow.
 */
export function decideAssumeRole(
  authorizer: Authorizer,
  request: AuthorizationRequest,
  trustPolicy: PolicyDocument,
): Decision {
  const decision = authorizer.authorize(request, trustPolicy);
  const { principal } = request;
  const callerAccount =
    principal.kind === "role" || principal.kind === "root" ? principal.account : undefined;
  if (!decision.allowed || callerAccount !== request.resourceAccount) return decision;
  const asIfCrossAccount = authorizer.authorize(
    { ...request, resourceAccount: anotherAccount(request.resourceAccount) },
    trustPolicy,
  );
  return asIfCrossAccount.reason === "cross-account-resource-missing" ? TRUST_POLICY_MISSING : decision;
}

/** A 12-digit account id different from `account`. */
function anotherAccount(account: string): string {
  return account === "000000000000" ? "000000000001" : "000000000000";
}
