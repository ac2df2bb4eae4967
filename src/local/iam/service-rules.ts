// The documented exceptions to "in one account, an identity-based policy Allow suffices": services whose
// resource policy must itself allow the caller, even in the resource's own account and even for the
// account's root user. For such a request (same account):
//   - a resource-policy Allow naming the caller specifically (role, session, service, `*`) allows on its own;
//   - an Allow naming only the account (`<id>` or `arn:aws:iam::<id>:root`) delegates to IAM: the caller's
//     identity-based policies must allow too (the account's root user needs nothing more);
//   - with no resource-policy Allow for the caller, the request is denied whatever IAM says.
// Across accounts nothing changes: both sides must allow, as for every resource.
// Source of the general rule ("IAM role trust policies and KMS key policies are exceptions to this logic,
// because they must explicitly allow access for principals"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

export interface ResourcePolicyRule {
  /** Stable name, e.g. `kms-key-policy`. */
  readonly name: string;
  /** The AWS documentation page the rule is modelled on. */
  readonly source: string;
  /** The resource policy, in the words of the service (for messages). */
  readonly policy: string;
  /** Whether the rule governs a request: `action` lower-cased, `resource` the ARN acted on. */
  appliesTo(action: string, resource: string): boolean;
  /**
   * True when the account's root user may never be allowed, whatever the policies say (STS: "You cannot
   * use AWS account root user credentials to call AssumeRole").
   */
  readonly refusesRoot: boolean;
}

const KMS_KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d{12}:key\/.+$/;
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.+$/;

/**
 * KMS: "No AWS principal, including the account root user or key creator, has any permissions to a KMS
 * key unless they are explicitly allowed ... in a key policy ... Without permission from the key policy,
 * IAM policies that allow permissions have no effect." A key policy naming the account
 * (`arn:aws:iam::<id>:root`) "allows access to the AWS account and enables IAM policies".
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export const KMS_KEY_POLICY_RULE: ResourcePolicyRule = Object.freeze({
  name: "kms-key-policy",
  source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
  policy: "key policy",
  appliesTo: (action: string, resource: string) => action.startsWith("kms:") && KMS_KEY_ARN.test(resource),
  refusesRoot: false,
});

/**
 * IAM roles: the trust policy (AssumeRolePolicyDocument) is the role's resource-based policy and must
 * name the caller for `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity` (all STS actions on a
 * role). Naming the role or user specifically suffices in its own account; naming the account root
 * delegates to the caller's identity-based policies, which must then allow `sts:AssumeRole` too.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (trust policy)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 * The root user may not assume roles:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export const ROLE_TRUST_POLICY_RULE: ResourcePolicyRule = Object.freeze({
  name: "role-trust-policy",
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
  policy: "role trust policy",
  appliesTo: (action: string, resource: string) => action.startsWith("sts:") && ROLE_ARN.test(resource),
  refusesRoot: true,
});

/** Every service rule the evaluator applies, in the order they are tried. */
export const RESOURCE_POLICY_RULES: readonly ResourcePolicyRule[] = Object.freeze([
  KMS_KEY_POLICY_RULE,
  ROLE_TRUST_POLICY_RULE,
]);

/** The rule that governs a request (`action` in any case), or undefined for the general logic. */
export function resourcePolicyRuleFor(action: string, resource: string): ResourcePolicyRule | undefined {
  const lower = action.toLowerCase();
  return RESOURCE_POLICY_RULES.find((rule) => rule.appliesTo(lower, resource));
}
