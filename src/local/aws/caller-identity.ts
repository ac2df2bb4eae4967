// Names of callers as AWS shows them: principals built from role ARNs (for in-process calls made as
// a role), STS unique ids (AROA…) and the accounts principals belong to.
import { roleIdFor } from "../iam/iam-ids.js";
import { rolePrincipal as iamRolePrincipal } from "../iam/principals.js";
import type { Principal } from "../iam/types.js";
import { AwsError } from "./protocol/aws-error.js";

/** The principal of a role session (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`), as an AWS error when the ARN is not a role's. */
export function rolePrincipal(roleArn: string, sessionName: string): Principal {
  try {
    return iamRolePrincipal(roleArn, sessionName);
  } catch {
    throw new AwsError(
      "ValidationError",
      `${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
    );
  }
}

/** The account a principal belongs to; service and anonymous principals have none. */
export function principalAccount(principal: Principal): string | undefined {
  return principal.kind === "role" || principal.kind === "root" ? principal.account : undefined;
}

/** `aws:userid` / GetCallerIdentity UserId: `<role id>:<session>` for roles, the account id for root. */
export function principalUserId(principal: Principal): string {
  switch (principal.kind) {
    case "role":
      return `${roleIdFor(principal.arn)}:${principal.sessionArn.slice(principal.sessionArn.lastIndexOf("/") + 1)}`;
    case "root":
      return principal.account;
    case "service":
      return principal.service;
    case "anonymous":
      return "anonymous";
  }
}
