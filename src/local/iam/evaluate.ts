// AWS's policy evaluation logic over compiled policies: an explicit Deny anywhere wins; in the same
// account the identity OR the resource policy must allow; across accounts both must allow. Service and
// anonymous callers have no identity policies: only the resource policy can allow them. Where a service
// requires its resource policy to allow (KMS key policies, role trust policies: service-rules.ts), the
// resource policy must allow in the same account too, the account root user included.
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import type { CompiledPolicy, CompiledStatement } from "./compile-policy.js";
import { conditionHolds } from "./condition-block.js";
import { exemptByNotPrincipal, matchPrincipal, type PrincipalMatch } from "./principal-match.js";
import { RequestScope } from "./request-scope.js";
import { resourcePolicyRuleFor } from "./service-rules.js";
import type { AuthorizationRequest, DecidingStatement, Decision, Principal } from "./types.js";

export interface PolicySet {
  /** The caller's identity policies (inline and attached); ignored for root, service and anonymous. */
  readonly identity: readonly CompiledPolicy[];
  /** The resource policy of the resource acted on, if it has one. */
  readonly resource?: CompiledPolicy;
}

const NO_POLICIES: readonly CompiledPolicy[] = Object.freeze([]);
const NO_STATEMENTS: readonly CompiledStatement[] = Object.freeze([]);
const ALLOWED_AS_ROOT: Decision = Object.freeze({
  allowed: true,
  reason: "allowed",
  statements: Object.freeze([]),
});
const IMPLICIT_DENY: Decision = Object.freeze({
  allowed: false,
  reason: "implicit-deny",
  statements: Object.freeze([]),
});
const IDENTITY_MISSING: Decision = Object.freeze({
  allowed: false,
  reason: "cross-account-identity-missing",
  statements: Object.freeze([]),
});
const RESOURCE_MISSING: Decision = Object.freeze({
  allowed: false,
  reason: "cross-account-resource-missing",
  statements: Object.freeze([]),
});
const RESOURCE_POLICY_MISSING: Decision = Object.freeze({
  allowed: false,
  reason: "resource-policy-missing",
  statements: Object.freeze([]),
});

export function evaluate(request: AuthorizationRequest, policies: PolicySet): Decision {
  const scope = new RequestScope(request);
  const principal = request.principal;
  const identity = principal.kind === "role" ? policies.identity : NO_POLICIES;
  const resource = policies.resource;

  const denied = explicitDenies(identity, resource, scope);
  if (denied !== undefined) return { allowed: false, reason: "explicit-deny", statements: denied };

  switch (principal.kind) {
    case "service":
    case "anonymous": {
      const allow = resourceAllow(resource, scope, "specific");
      return allow === undefined ? IMPLICIT_DENY : allowed([allow]);
    }
    case "root": {
      // The root user may do anything in its own account, except where the service's resource policy
      // must allow (it then counts as its account); elsewhere the resource policy must allow.
      const sameAccount = principal.account === request.resourceAccount;
      const rule = resourcePolicyRuleFor(request.action, request.resource);
      if (rule?.refusesRoot === true) return sameAccount ? RESOURCE_POLICY_MISSING : RESOURCE_MISSING;
      if (sameAccount && rule === undefined) return ALLOWED_AS_ROOT;
      const allow = resourceAllow(resource, scope, "account");
      if (allow !== undefined) return allowed([allow]);
      return sameAccount ? RESOURCE_POLICY_MISSING : RESOURCE_MISSING;
    }
    case "role": {
      const identityAllow = identityAllowFor(identity, scope);
      if (principal.account === request.resourceAccount) {
        if (resourcePolicyRuleFor(request.action, request.resource) !== undefined)
          return serviceRuleDecision(identityAllow, resource, scope);
        if (identityAllow !== undefined) return allowed([identityAllow]);
        // A resource policy naming the account only delegates to the identity policies; naming the
        // role, the session or everyone allows on its own.
        const allow = resourceAllow(resource, scope, "specific");
        return allow === undefined ? IMPLICIT_DENY : allowed([allow]);
      }
      if (identityAllow === undefined) return IDENTITY_MISSING;
      const allow = resourceAllow(resource, scope, "account");
      return allow === undefined ? RESOURCE_MISSING : allowed([identityAllow, allow]);
    }
  }
}

/**
 * Same account, where the service's resource policy must itself allow: naming the caller specifically
 * allows on its own; naming only the account delegates to the identity policies, which must allow too.
 */
function serviceRuleDecision(
  identityAllow: DecidingStatement | undefined,
  resource: CompiledPolicy | undefined,
  scope: RequestScope,
): Decision {
  const specific = resourceAllow(resource, scope, "specific");
  if (specific !== undefined) return allowed([specific]);
  const delegated = resourceAllow(resource, scope, "account");
  if (delegated === undefined) return RESOURCE_POLICY_MISSING;
  return identityAllow === undefined ? IMPLICIT_DENY : allowed([identityAllow, delegated]);
}

/** The Deny statements that apply to the request, or undefined when none does. */
function explicitDenies(
  identity: readonly CompiledPolicy[],
  resource: CompiledPolicy | undefined,
  scope: RequestScope,
): DecidingStatement[] | undefined {
  let denied: DecidingStatement[] | undefined;
  for (const policy of identity) {
    for (const statement of policy.denies) {
      if (!appliesTo(statement, scope)) continue;
      denied ??= [];
      denied.push(statement.deciding);
    }
  }
  for (const statement of resource?.denies ?? NO_STATEMENTS) {
    if (namesCaller(statement, scope.request.principal) === "none" || !appliesTo(statement, scope)) continue;
    denied ??= [];
    denied.push(statement.deciding);
  }
  return denied;
}

function allowed(statements: DecidingStatement[]): Decision {
  return { allowed: true, reason: "allowed", statements };
}

function identityAllowFor(
  identity: readonly CompiledPolicy[],
  scope: RequestScope,
): DecidingStatement | undefined {
  for (const policy of identity) {
    for (const statement of policy.allows) {
      if (appliesTo(statement, scope)) return statement.deciding;
    }
  }
  return undefined;
}

/** The first Allow of the resource policy that names the caller at least as strongly as `needed`. */
function resourceAllow(
  resource: CompiledPolicy | undefined,
  scope: RequestScope,
  needed: "account" | "specific",
): DecidingStatement | undefined {
  if (resource === undefined) return undefined;
  for (const statement of resource.allows) {
    const match = namesCaller(statement, scope.request.principal);
    if (match === "none" || (needed === "specific" && match === "account")) continue;
    if (appliesTo(statement, scope)) return statement.deciding;
  }
  return undefined;
}

/**
 * How a resource-policy statement names the caller. A statement without Principal/NotPrincipal is
 * invalid in a resource policy: it allows nobody and, to fail closed, denies everybody.
 */
function namesCaller(statement: CompiledStatement, principal: Principal): PrincipalMatch {
  if (statement.principal === undefined) return statement.effect === "Deny" ? "specific" : "none";
  if (statement.notPrincipal)
    return exemptByNotPrincipal(statement.principal, principal) ? "none" : "specific";
  return matchPrincipal(statement.principal, principal);
}

/** Action, resource and condition (the principal is checked by the caller where it applies). */
function appliesTo(statement: CompiledStatement, scope: RequestScope): boolean {
  if (statement.actions(scope.action, scope) === statement.notAction) return false;
  const resources = statement.resources;
  if (resources !== undefined && resources(scope.request.resource, scope) === statement.notResource)
    return false;
  if (statement.conditionOverride !== undefined) return statement.conditionOverride;
  return conditionHolds(statement.conditions, scope);
}

/**
 * Both sides must allow, whatever the accounts: VPC Lattice's auth policies. An explicit Deny in the
 * caller's identity policies or in the auth policy wins; a signed caller (role session or account
 * root) needs its identity policies to allow (the root user of an account counts as allowed by its
 * own account) and the auth policy to allow it, naming its account being enough; an anonymous caller
 * needs an Allow naming everyone (`Principal: "*"`). Reasons: `cross-account-identity-missing` (no
 * identity-based policy allows), `cross-account-resource-missing` (the auth policy does not).
 * Source: VPC Lattice User Guide, "Control access to VPC Lattice services using auth policies"
 * (evaluation: identity-based policy, then the service network's, then the service's auth policy).
 */
export function evaluateBothSides(request: AuthorizationRequest, policies: PolicySet): Decision {
  const scope = new RequestScope(request);
  const principal = request.principal;
  const identity = principal.kind === "role" ? policies.identity : NO_POLICIES;
  const denied = explicitDenies(identity, policies.resource, scope);
  if (denied !== undefined) return { allowed: false, reason: "explicit-deny", statements: denied };
  const statements: DecidingStatement[] = [];
  if (principal.kind === "role") {
    const identityAllow = identityAllowFor(identity, scope);
    if (identityAllow === undefined) return IDENTITY_MISSING;
    statements.push(identityAllow);
  } else if (principal.kind === "service") {
    return RESOURCE_MISSING;
  }
  const allow = resourceAllow(
    policies.resource,
    scope,
    principal.kind === "anonymous" ? "specific" : "account",
  );
  if (allow === undefined) return RESOURCE_MISSING;
  statements.push(allow);
  return allowed(statements);
}
