// The one check every provider that stores a policy calls: the document as IAM (or the service) would
// store it, or a coded error naming the stack, the resource, the property and each broken rule.
import { AccountmeshError } from "../../shared/errors.js";
import { documentProblems, type PolicyKind, type PolicyProblem } from "./policy-grammar.js";
import type { PolicyDocument } from "./types.js";

/** Where a policy comes from in the cloud assembly. */
export interface PolicyLocation {
  readonly stack: string;
  readonly logicalId: string;
  /** `AWS::IAM::Role`, `AWS::KMS::Key`, ... */
  readonly resourceType: string;
  /** The property holding the document, e.g. `AssumeRolePolicyDocument`, `Policies[0].PolicyDocument`. */
  readonly property: string;
}

/**
 * Returns `document` as a PolicyDocument when AWS would store it as a policy of `kind`; otherwise throws
 * AccountmeshError `POLICY_MALFORMED` (details: stack, logicalId, resourceType, property, problems) whose
 * message names the stack, the logical id, the property and, per statement, the rule and what to change.
 * Rules: policy-grammar.ts (sources: the IAM JSON policy grammar and element reference pages,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 */
export function assertStorablePolicy(
  document: unknown,
  kind: PolicyKind,
  where: PolicyLocation,
): PolicyDocument {
  const problems = documentProblems(document, kind);
  if (problems.length === 0) return document as PolicyDocument;
  const list = problems.map(describe).join("; ");
  throw new AccountmeshError(
    "POLICY_MALFORMED",
    `${where.resourceType} ${where.stack}/${where.logicalId}: ${where.property} is not a valid ${KIND_NAMES[kind]}, AWS would refuse to store it: ${list}. Fix the policy in the CDK app, synthesize and start again.`,
    {
      stack: where.stack,
      logicalId: where.logicalId,
      resourceType: where.resourceType,
      property: where.property,
      problems,
    },
  );
}

const KIND_NAMES: Readonly<Record<PolicyKind, string>> = {
  identity: "identity-based policy",
  resource: "resource-based policy",
  trust: "role trust policy",
};

function describe(problem: PolicyProblem): string {
  if (problem.statement === undefined) return `${problem.message} [${problem.rule}]`;
  const sid = problem.sid === undefined ? "" : ` (Sid ${JSON.stringify(problem.sid)})`;
  return `Statement[${problem.statement}]${sid}: ${problem.message} [${problem.rule}]`;
}
