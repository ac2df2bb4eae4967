// Deterministic IAM identifiers: the names CloudFormation generates for unnamed roles and policies,
// and the unique ids (AROA..., ANPA...) IAM gives them.
import { stableId } from "../../shared/ids.js";

/**
 * `<stackName>-<logicalId>-<12 upper-case letters and digits>`, like CloudFormation: the stack and
 * logical-id part is truncated so the whole name fits `maxLength` (64 for roles, 128 for policies).
 */
export function generatedName(
  stackName: string,
  logicalId: string,
  account: string,
  maxLength: number,
): string {
  const suffix = stableId([account, stackName, logicalId], 12, "alnum").toUpperCase();
  const prefix = `${stackName}-${logicalId}`.slice(0, maxLength - suffix.length - 1);
  return `${prefix}-${suffix}`;
}

/** The RoleId IAM would give the role (`AROA` + 17): stable for one role ARN. */
export function roleIdFor(roleArn: string): string {
  return `AROA${stableId(["role-id", roleArn], 17, "alnum").toUpperCase()}`;
}

/** The PolicyId IAM would give a managed policy (`ANPA` + 17). */
export function policyIdFor(policyArn: string): string {
  return `ANPA${stableId(["policy-id", policyArn], 17, "alnum").toUpperCase()}`;
}
