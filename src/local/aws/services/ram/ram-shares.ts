// AWS RAM resource shares: which resources an account shares with which principals. Locally every
// account of the cloud assembly is one AWS Organization with sharing enabled, so a share to an
// account of the assembly needs no invitation (as the seed's Organization), and a share with
// `AllowExternalPrincipals: false` reaches only those accounts.
// Source: AWS RAM User Guide, "Sharing your AWS resources" (organization vs external principals).

export interface ResourceShare {
  readonly arn: string;
  readonly name: string;
  /** The owner (sharing) account. */
  readonly account: string;
  readonly region: string;
  readonly allowExternalPrincipals: boolean;
  /** Account ids, organization/OU ARNs or IAM principal ARNs, as written. */
  readonly principals: readonly string[];
  readonly resourceArns: readonly string[];
}

export type ShareVerdict =
  | { readonly shared: true; readonly share: ResourceShare }
  | { readonly shared: false; readonly reason: string };

export class ResourceShares {
  readonly shares: ResourceShare[] = [];
  /** Every account of the assembly: the local Organization. */
  readonly organization = new Set<string>();

  add(share: ResourceShare): void {
    this.shares.push(share);
  }

  /** Is `resourceArn` shared with `account`? When not, why (for messages). */
  verdict(resourceArn: string, account: string): ShareVerdict {
    const holding = this.shares.filter((s) => s.resourceArns.includes(resourceArn));
    if (holding.length === 0) return { shared: false, reason: "no AWS RAM resource share holds it" };
    for (const share of holding) {
      if (!share.principals.some((p) => p === account || p === `arn:aws:iam::${account}:root`)) continue;
      if (!share.allowExternalPrincipals && !this.organization.has(account)) {
        return {
          shared: false,
          reason: `resource share ${share.name} does not allow external principals and ${account} is outside the organization`,
        };
      }
      return { shared: true, share };
    }
    return {
      shared: false,
      reason: `its resource share${holding.length > 1 ? "s" : ""} ${holding.map((s) => `${s.name} (principals: ${s.principals.join(", ") || "none"})`).join(", ")} do${holding.length > 1 ? "" : "es"} not name account ${account}`,
    };
  }
}
