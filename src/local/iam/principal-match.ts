// Principal and NotPrincipal of resource policies, compiled to sets and matched against the caller.
import type { PolicyStatement, Principal } from "./types.js";

/**
 * How strongly a statement's Principal names the caller: `none`; `account` (the caller's account by id
 * or `:root` ARN — in the same account this only delegates to the identity policies); `specific` (the
 * role, the session, the service, or everyone).
 */
export type PrincipalMatch = "none" | "account" | "specific";

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly roleArns: ReadonlySet<string>;
  readonly sessionArns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.+$/;
const SESSION_ARN = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/.+$/;
const USER_ARN = /^arn:[^:]+:iam::\d{12}:user\/.+$/;

/**
 * Compiles `"*"` or `{ AWS, Service, Federated, CanonicalUser }`. Values that can name no caller here
 * (Federated, CanonicalUser, unreadable values) are pushed to `issues` and match nothing.
 */
export function compilePrincipal(
  element: NonNullable<PolicyStatement["Principal"]>,
  issues: string[],
): CompiledPrincipal {
  const accounts = new Set<string>();
  const roleArns = new Set<string>();
  const sessionArns = new Set<string>();
  const services = new Set<string>();
  let everyone = element === "*";
  if (typeof element === "object") {
    for (const [type, raw] of Object.entries(element)) {
      const values: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
      if (type === "AWS") {
        for (const value of values) {
          if (typeof value !== "string") {
            issues.push(`Principal.AWS ${JSON.stringify(value)}`);
            continue;
          }
          const root = ROOT_ARN.exec(value);
          if (value === "*") everyone = true;
          else if (ACCOUNT_ID.test(value)) accounts.add(value);
          else if (root?.[1] !== undefined) accounts.add(root[1]);
          else if (ROLE_ARN.test(value)) roleArns.add(value);
          else if (SESSION_ARN.test(value)) sessionArns.add(value);
          // IAM users and unique ids (a deleted role) name no caller of ours: they match nothing.
          else if (!USER_ARN.test(value)) issues.push(`Principal.AWS ${JSON.stringify(value)}`);
        }
      } else if (type === "Service") {
        for (const value of values) {
          if (typeof value === "string") services.add(value);
          else issues.push(`Principal.Service ${JSON.stringify(value)}`);
        }
      } else {
        issues.push(`Principal.${type}`);
      }
    }
  }
  return { everyone, accounts, roleArns, sessionArns, services };
}

/** How a `Principal` element names the caller. */
export function matchPrincipal(compiled: CompiledPrincipal, principal: Principal): PrincipalMatch {
  if (compiled.everyone) return "specific";
  switch (principal.kind) {
    case "role":
      if (compiled.roleArns.has(principal.arn) || compiled.sessionArns.has(principal.sessionArn))
        return "specific";
      return compiled.accounts.has(principal.account) ? "account" : "none";
    case "root":
      return compiled.accounts.has(principal.account) ? "account" : "none";
    case "service":
      return compiled.services.has(principal.service) ? "specific" : "none";
    case "anonymous":
      return "none";
  }
}

/**
 * Whether a `NotPrincipal` element exempts the caller. AWS checks the account, then the role, then the
 * session: an assumed-role caller is exempt only when its account AND its role or session ARN are listed.
 */
export function exemptByNotPrincipal(compiled: CompiledPrincipal, principal: Principal): boolean {
  if (compiled.everyone) return true;
  switch (principal.kind) {
    case "role":
      return (
        compiled.accounts.has(principal.account) &&
        (compiled.roleArns.has(principal.arn) || compiled.sessionArns.has(principal.sessionArn))
      );
    case "root":
      return compiled.accounts.has(principal.account);
    case "service":
      return compiled.services.has(principal.service);
    case "anonymous":
      return false;
  }
}
