// Names of callers as AWS shows them: principals built from role ARNs (for in-process calls made as
// a role), STS unique ids (AROA…) and the accounts principals belong to.
import { stableId } from "../../shared/ids.js";
import type { Principal } from "../iam/types.js";
import { AwsError } from "./protocol/aws-error.js";

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The principal of a role session (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`). */
export function rolePrincipal(roleArn: string, sessionName: string): Principal {
  const match = ROLE_ARN.exec(roleArn);
  if (match === null) {
    throw new AwsError(
      "ValidationError",
      `${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
    );
  }
  const [, partition, account, roleName] = match as unknown as [string, string, string, string];
  return {
    kind: "role",
    account,
    arn: roleArn,
    roleName,
    sessionArn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  };
}

/** The account a principal belongs to; service and anonymous principals have none. */
export function principalAccount(principal: Principal): string | undefined {
  return principal.kind === "role" || principal.kind === "root" ? principal.account : undefined;
}

const roleIds = new Map<string, string>();

/** The role's unique id as STS shows it (`AROA` + 17 upper-case characters), stable per role ARN. */
export function roleUniqueId(roleArn: string): string {
  let id = roleIds.get(roleArn);
  if (id === undefined) {
    id = `AROA${stableId(["role-id", roleArn], 17, "alnum").toUpperCase()}`;
    if (roleIds.size >= 10_000) roleIds.clear();
    roleIds.set(roleArn, id);
  }
  return id;
}

/** `aws:userid` / GetCallerIdentity UserId: `<role id>:<session>` for roles, the account id for root. */
export function principalUserId(principal: Principal): string {
  switch (principal.kind) {
    case "role":
      return `${roleUniqueId(principal.arn)}:${principal.sessionArn.slice(principal.sessionArn.lastIndexOf("/") + 1)}`;
    case "root":
      return principal.account;
    case "service":
      return principal.service;
    case "anonymous":
      return "anonymous";
  }
}
