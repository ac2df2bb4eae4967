// Contracts of the policy decision point. The evaluator is pure: policies are compiled once
// (compilePolicy) and evaluated many times (microseconds per decision).

/** A policy document as it appears in a template, after intrinsics are resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Who is calling. `arn` is the principal ARN as it appears in `aws:PrincipalArn` (for an assumed
 * role, the role ARN `arn:aws:iam::<acct>:role/<name>`); `sessionArn` is what error messages and
 * `aws:userid`-style keys show (`arn:aws:sts::<acct>:assumed-role/<name>/<session>`).
 */
export type Principal =
  | {
      readonly kind: "role";
      readonly account: string;
      readonly arn: string;
      readonly sessionArn: string;
      readonly roleName: string;
    }
  | { readonly kind: "root"; readonly account: string; readonly arn: string }
  | { readonly kind: "service"; readonly service: string }
  | { readonly kind: "anonymous" };

/** Condition context values: strings, lists of strings, booleans, numbers (keys are case-insensitive). */
export type ContextValue = string | readonly string[] | boolean | number;

export interface AuthorizationRequest {
  readonly principal: Principal;
  /** `service:Action`, e.g. `dynamodb:PutItem`, `execute-api:Invoke`. */
  readonly action: string;
  /** The resource ARN the action is on. */
  readonly resource: string;
  /** Account that owns the resource (decides same- vs cross-account evaluation). */
  readonly resourceAccount: string;
  /** Request context: aws:SourceVpce, aws:SourceVpc, aws:SourceIp, aws:PrincipalArn, ... */
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface DecidingStatement {
  readonly policy: string; // e.g. "identity:arn:aws:iam::...:role/x#PolicyName" or "resource:<arn>"
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
}

export interface Decision {
  readonly allowed: boolean;
  /**
   * explicit-deny: a Deny statement matched; allowed: the required sides allowed; implicit-deny:
   * nothing allowed (same account); cross-account-identity-missing / cross-account-resource-missing:
   * one side of a cross-account call did not allow; resource-policy-missing: in the same account, the
   * service requires its resource policy to allow (KMS key policy, role trust policy) and it does not.
   */
  readonly reason:
    | "explicit-deny"
    | "allowed"
    | "implicit-deny"
    | "cross-account-identity-missing"
    | "cross-account-resource-missing"
    | "resource-policy-missing";
  readonly statements: readonly DecidingStatement[];
}
