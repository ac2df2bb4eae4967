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

/**
 * Who makes a call, as every service and the decision point see it: the principal, the account the
 * call acts in and, for a service principal acting for a resource (API Gateway invoking a function,
 * SNS delivering to a queue), that resource (`aws:SourceArn`, `aws:SourceAccount`).
 */
export interface Caller {
  readonly principal: Principal;
  /**
   * The account the call is made in: the principal's own; for a service principal, the account of the
   * resource it acts for (`aws:SourceAccount`); absent for anonymous callers.
   */
  readonly account?: string;
  /** The access key id the request was signed with (absent for in-process calls). */
  readonly accessKeyId?: string;
  /** For a service principal: the ARN of the resource it acts for (`aws:SourceArn`). */
  readonly sourceArn?: string;
}

/**
 * The policy decision point as services see it: the request, evaluated against the caller's identity
 * policies and `resourcePolicy`, the resolved JSON document of the resource (table, secret, key,
 * function, API policy), compiled once per document.
 */
export interface Authorizer {
  authorize(request: AuthorizationRequest, resourcePolicy?: PolicyDocument): Decision;
}

/** AWS credentials as the SDK takes them; temporary credentials carry a session token and an expiry. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Temporary credentials: when they stop working. */
  readonly expiration?: Date;
}
