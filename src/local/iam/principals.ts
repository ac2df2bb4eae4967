// Builders of the principals the local runtime issues credentials for.
import { accountRootArn, assertAccountId } from "../../shared/account.js";
import { AccountmeshError } from "../../shared/errors.js";
import type { Principal } from "./types.js";

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/;

export type RolePrincipal = Extract<Principal, { kind: "role" }>;
export type RootPrincipal = Extract<Principal, { kind: "root" }>;

/** The assumed-role session of a role (`arn:aws:sts::<acct>:assumed-role/<name>/<session>`). */
export function rolePrincipal(roleArn: string, sessionName: string): RolePrincipal {
  const match = ROLE_ARN.exec(roleArn);
  const [, partition, account, roleName] = match ?? [];
  if (partition === undefined || account === undefined || roleName === undefined) {
    throw new AccountmeshError(
      "IAM_INVALID_ROLE_ARN",
      `Not an IAM role ARN: ${JSON.stringify(roleArn)}. Expected arn:aws:iam::<12-digit account>:role/<name>.`,
      { roleArn },
    );
  }
  return Object.freeze({
    kind: "role",
    account,
    arn: roleArn,
    roleName,
    sessionArn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  });
}

/** The root principal of an account. */
export function rootPrincipal(account: string): RootPrincipal {
  assertAccountId(account, "account");
  return Object.freeze({ kind: "root", account, arn: accountRootArn(account) });
}
