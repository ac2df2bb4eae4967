import { AccountmeshError } from "../../shared/errors.js";

/**
 * One statement of a VPC Lattice auth policy, in typed conditions (all must hold, StringEquals,
 * case-sensitive): the seed's statements are `{ method: "GET", queryString: { q: "blue" },
 * sourceVpcOwnerAccount: <blue account> }`.
 */
export interface LatticeAuthStatement {
  readonly sid?: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  /** IAM principal ARNs or account ids. @default everyone (`"*"`), unsigned callers included */
  readonly principals?: readonly string[];
  /** `vpc-lattice-svcs:RequestMethod`. */
  readonly method?: string;
  /** `vpc-lattice-svcs:RequestQueryString/<key>`. */
  readonly queryString?: Readonly<Record<string, string>>;
  /** `vpc-lattice-svcs:RequestHeader/<name>`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `vpc-lattice-svcs:SourceVpcOwnerAccount`: the account that owns the client's VPC. */
  readonly sourceVpcOwnerAccount?: string;
  /** `vpc-lattice-svcs:SourceVpc`. */
  readonly sourceVpc?: string;
  /** `vpc-lattice-svcs:ServiceNetworkArn`. */
  readonly serviceNetworkArn?: string;
  /** `aws:PrincipalOrgID`. */
  readonly principalOrgId?: string;
}

const KEY = /^[A-Za-z0-9._~-]{1,128}$/;

/** The policy document of `statements` (`vpc-lattice-svcs:Invoke` on every path of the service). */
export function latticeAuthPolicy(statements: readonly LatticeAuthStatement[]): Record<string, unknown> {
  if (statements.length === 0) {
    throw new AccountmeshError(
      "EMPTY_AUTH_POLICY",
      "An auth policy needs at least one statement (without one, leave the policy out: AWS_IAM then denies everything).",
    );
  }
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const equals: Record<string, string> = {};
      if (s.method !== undefined) equals["vpc-lattice-svcs:RequestMethod"] = s.method;
      for (const [key, value] of Object.entries(s.queryString ?? {})) {
        if (!KEY.test(key))
          throw new AccountmeshError(
            "INVALID_CONDITION_KEY",
            `Query string key ${JSON.stringify(key)} cannot be a condition key suffix.`,
          );
        equals[`vpc-lattice-svcs:RequestQueryString/${key}`] = value;
      }
      for (const [name, value] of Object.entries(s.headers ?? {})) {
        if (!KEY.test(name))
          throw new AccountmeshError(
            "INVALID_CONDITION_KEY",
            `Header name ${JSON.stringify(name)} cannot be a condition key suffix.`,
          );
        equals[`vpc-lattice-svcs:RequestHeader/${name.toLowerCase()}`] = value;
      }
      if (s.sourceVpcOwnerAccount !== undefined)
        equals["vpc-lattice-svcs:SourceVpcOwnerAccount"] = s.sourceVpcOwnerAccount;
      if (s.sourceVpc !== undefined) equals["vpc-lattice-svcs:SourceVpc"] = s.sourceVpc;
      if (s.serviceNetworkArn !== undefined)
        equals["vpc-lattice-svcs:ServiceNetworkArn"] = s.serviceNetworkArn;
      if (s.principalOrgId !== undefined) equals["aws:PrincipalOrgID"] = s.principalOrgId;
      return {
        ...(s.sid === undefined ? {} : { Sid: s.sid }),
        Effect: s.effect ?? "Allow",
        Principal: s.principals === undefined ? "*" : { AWS: [...s.principals] },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: "*",
        ...(Object.keys(equals).length === 0 ? {} : { Condition: { StringEquals: equals } }),
      };
    }),
  };
}
