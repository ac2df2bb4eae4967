// The conformance suite's case format and shared fixtures: each case is written from an AWS documentation
// page (its URL in `source`) — the policies, the request and the outcome AWS documents.

import type { PolicyKind } from "../policy-grammar.js";
import { rolePrincipal, rootPrincipal } from "../principals.js";
import type { ContextValue, PolicyDocument, PolicyStatement, Principal } from "../types.js";

export type Outcome = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface ConformanceCase {
  /** The AWS documentation page the case is written from. */
  readonly source: string;
  readonly name: string;
  /** The caller's identity-based policies (ignored for root, service and anonymous callers). */
  readonly identity?: readonly PolicyDocument[];
  /** The resource-based policy of the resource acted on (key policy, trust policy, bucket policy, ...). */
  readonly resource?: PolicyDocument;
  readonly request: {
    readonly principal: Principal;
    readonly action: string;
    readonly resource: string;
    /** Default: the account of ACCOUNT. */
    readonly resourceAccount?: string;
    readonly context?: Readonly<Record<string, ContextValue>>;
  };
  readonly expect: Outcome;
  /** Grammar cases: AWS refuses to store the `identity[0]` (or `resource`) document for this rule. */
  readonly refused?: { readonly kind: PolicyKind; readonly rule: string };
}

/** The trusting account (owns the resources) and a second, trusted account. */
export const ACCOUNT = "111122223333";
export const OTHER = "444455556666";

export const role = rolePrincipal(`arn:aws:iam::${ACCOUNT}:role/app`, "app-session");
export const otherRole = rolePrincipal(`arn:aws:iam::${ACCOUNT}:role/other`, "other-session");
export const partnerRole = rolePrincipal(`arn:aws:iam::${OTHER}:role/partner`, "partner-session");
export const root = rootPrincipal(ACCOUNT);
export const partnerRoot = rootPrincipal(OTHER);
export const anonymous: Principal = { kind: "anonymous" };
export const service = (name: string): Principal => ({ kind: "service", service: name });

export const BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";
export const KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const SECRET = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:shared-AbCdEf`;
export const TABLE = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Books`;

/** A `Version: 2012-10-17` policy of the given statements. */
export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** An identity policy allowing `action` on `resource` (for cases about something else). */
export function allowing(action: string | string[], resource: string | string[] = "*"): PolicyDocument {
  return policy({ Effect: "Allow", Action: action, Resource: resource });
}

/** AWS documentation pages the cases cite. */
export const DOCS = {
  evaluation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
  singleAccount:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html",
  denyAllow:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
  crossAccount:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
  principal: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
  notPrincipal:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
  action: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
  notAction: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
  resource: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
  notResource:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
  arns: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
  condition: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
  operators:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
  multipleValues:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
  multiValued:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
  multiValuedExamples:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html",
  globalKeys: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
  variables: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
  version: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
  grammar: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
  troubleshoot: "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html",
  datesExample: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws-dates.html",
  denyIpExample:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html",
  kmsKeyPolicies: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
  kmsDefaultPolicy: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
  kmsExternal:
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
  roleTerms: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
  assumeRole: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html",
  apiGatewayPolicyExamples:
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
} as const;
