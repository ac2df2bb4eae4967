// The one place every local service asks "may this caller do this?": identity policies come from the
// IAM state, the resource policy from the service that owns the resource.
import { type CompiledPolicy, compilePolicy } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import type { IamState } from "./iam-state.js";
import type { AuthorizationRequest, Decision, PolicyDocument } from "./types.js";

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
