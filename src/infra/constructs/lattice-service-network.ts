import { Token } from "aws-cdk-lib";
import * as ram from "aws-cdk-lib/aws-ram";
import * as vpclattice from "aws-cdk-lib/aws-vpclattice";
import { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";

export type LatticeAuthType = "NONE" | "AWS_IAM";

export interface LatticeServiceNetworkProps {
  /** 3-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
  readonly name: string;
  /** @default "NONE" (as the seed's networks): no network-level auth policy is evaluated. */
  readonly authType?: LatticeAuthType;
  /**
   * Accounts (12 digits) the network is shared with through AWS RAM: they may associate their VPCs
   * and services with it. @default none (no RAM share)
   */
  readonly sharedWith?: readonly string[];
  /**
   * Whether the RAM share may reach accounts outside the organization (they then get an invitation).
   * @default false (the seed's: sharing stays inside the AWS Organization)
   */
  readonly allowExternalPrincipals?: boolean;
}

const NAME = /^(?!-)[a-z0-9-]{3,63}(?<!-)$/;
const ACCOUNT = /^\d{12}$/;

/**
 * A VPC Lattice service network (L3 over `CfnServiceNetwork`) with, when it is shared, one AWS RAM
 * resource share naming the accounts. Other accounts name it by `networkArn` (an id is not enough
 * across accounts).
 */
export class LatticeServiceNetwork extends Construct {
  readonly network: vpclattice.CfnServiceNetwork;
  readonly networkArn: string;
  readonly networkId: string;
  readonly share?: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: LatticeServiceNetworkProps) {
    super(scope, id);
    if (!NAME.test(props.name)) {
      throw new AccountmeshError(
        "INVALID_LATTICE_NAME",
        `A service network name must be 3-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen; received ${JSON.stringify(props.name)}.`,
        { value: props.name },
      );
    }
    const shared = props.sharedWith ?? [];
    const bad = shared.find((a) => !Token.isUnresolved(a) && !ACCOUNT.test(a));
    if (bad !== undefined) {
      throw new AccountmeshError(
        "INVALID_ACCOUNT_ID",
        `sharedWith of service network ${props.name} must list 12-digit account ids; received ${JSON.stringify(bad)}.`,
        { value: bad },
      );
    }
    this.network = new vpclattice.CfnServiceNetwork(this, "Resource", {
      name: props.name,
      authType: props.authType ?? "NONE",
    });
    this.networkArn = this.network.attrArn;
    this.networkId = this.network.attrId;
    if (shared.length > 0) {
      this.share = new ram.CfnResourceShare(this, "Share", {
        name: `${props.name}-share`,
        allowExternalPrincipals: props.allowExternalPrincipals ?? false,
        principals: [...shared],
        resourceArns: [this.networkArn],
      });
    }
  }
}
