// The one place every local service asks "may this caller do this?": identity policies come from the
// IAM state, the resource policy from the service that owns the resource.
import { type CompiledPolicy, compilePolicy } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import type { IamState } from "./iam-state.js";
import type { AuthorizationRequest, ContextValue, Decision, PolicyDocument, Principal } from "./types.js";

const NO_SUCH_ROLE: Decision = Object.freeze({
  allowed: false,
  reason: "resource-policy-missing",
  statements: Object.freeze([]),
});

const RESOURCE_POLICY = "resource";

export class PolicyDecisionPoint {
  private readonly iam: IamState;
  private readonly resourcePolicies = new WeakMap<PolicyDocument, Map<string, CompiledPolicy>>();

  constructor(iam: IamState) {
    this.iam = iam;
  }

  authorize(request: AuthorizationRequest, resourcePolicy?: CompiledPolicy): Decision {
    const identity = this.iam.identityPoliciesFor(request.principal);
    return evaluate(
      request,
      resourcePolicy === undefined ? { identity } : { identity, resource: resourcePolicy },
    );
  }

  /**
   * The decision for `request` against the caller's identity policies and the resource's policy
   * `document` (a resolved JSON document, compiled once per document object and named `resource`,
   * never per request: a cache keyed by anything in the request would grow with every path).
   */
  decide(request: AuthorizationRequest, document?: PolicyDocument): Decision {
    return this.authorize(
      request,
      document === undefined ? undefined : this.resourcePolicy(document, RESOURCE_POLICY),
    );
  }

  /**
   * May `principal` call `action` (default `sts:AssumeRole`) on the role `roleArn`? The role's trust
   * policy is the resource policy and must itself allow (service-rules.ts, ROLE_TRUST_POLICY_RULE): in
   * the role's account, a trust policy naming the caller allows alone, one naming the account root needs
   * the caller's identity policies to allow too; the root user is always refused; across accounts both
   * sides must allow. An unknown role is denied (`resource-policy-missing`).
   * Source: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
   */
  authorizeAssumeRole(
    principal: Principal,
    roleArn: string,
    context: Readonly<Record<string, ContextValue>> = {},
    action = "sts:AssumeRole",
  ): Decision {
    const role = this.iam.role(roleArn);
    const trust = this.iam.trustPolicyFor(roleArn);
    // Stryker disable next-line LogicalOperator,ConditionalExpression: a role has a trust policy exactly when it exists.
    if (role === undefined || trust === undefined) return NO_SUCH_ROLE;
    return this.authorize(
      { principal, action, resource: roleArn, resourceAccount: role.account, context },
      trust,
    );
  }

  /**
   * A resource policy compiled once per document object (documents are immutable once provisioned), e.g.
   * `pdp.resourcePolicy(doc, "resource:<arn>")`.
   */
  resourcePolicy(document: PolicyDocument, name: string): CompiledPolicy {
    let byName = this.resourcePolicies.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.resourcePolicies.set(document, byName);
    }
    let compiled = byName.get(name);
    if (compiled === undefined) {
      compiled = compilePolicy(document, name);
      byName.set(name, compiled);
    }
    return compiled;
  }
}
