import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as vpclattice from "aws-cdk-lib/aws-vpclattice";
import { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";
import { acknowledge } from "../nag.js";

export interface LatticeVpcAssociationProps {
  readonly vpc: ec2.IVpc;
  /**
   * The service network's ARN: in another account, the network must be shared with this one through
   * AWS RAM, and it is named by its ARN (a weak cross-account reference works).
   */
  readonly serviceNetworkArn: string;
  /**
   * Security groups on the association (they filter what the VPC's clients send to the network).
   * @default one group allowing HTTP and HTTPS out to VPC Lattice only
   */
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
}

/** The managed prefix list VPC Lattice's data plane uses: 169.254.171.0/24 (IPv4). */
const LATTICE_IPV4 = "169.254.171.0/24";

/**
 * Associates a VPC with a (possibly shared, cross-account) VPC Lattice service network: clients in
 * the VPC then resolve and reach the services of that network. A VPC joins at most one network.
 */
export class LatticeVpcAssociation extends Construct {
  readonly association: vpclattice.CfnServiceNetworkVpcAssociation;
  readonly securityGroups: readonly ec2.ISecurityGroup[];

  constructor(scope: Construct, id: string, props: LatticeVpcAssociationProps) {
    super(scope, id);
    if (props.securityGroups !== undefined && props.securityGroups.length > 5) {
      throw new AccountmeshError(
        "TOO_MANY_SECURITY_GROUPS",
        `A service network VPC association takes at most 5 security groups; received ${props.securityGroups.length}.`,
      );
    }
    this.securityGroups = props.securityGroups ?? [this.defaultGroup(props.vpc)];
    this.association = new vpclattice.CfnServiceNetworkVpcAssociation(this, "Resource", {
      serviceNetworkIdentifier: props.serviceNetworkArn,
      vpcIdentifier: props.vpc.vpcId,
      securityGroupIds: this.securityGroups.map((g) => g.securityGroupId),
    });
  }

  private defaultGroup(vpc: ec2.IVpc): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc,
      description: "VPC Lattice association: clients of this VPC reach the service network over HTTP(S)",
      allowAllOutbound: false,
    });
    group.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(80), "HTTP from the VPC");
    group.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), "HTTPS from the VPC");
    group.addEgressRule(ec2.Peer.ipv4(LATTICE_IPV4), ec2.Port.tcp(80), "HTTP to VPC Lattice");
    group.addEgressRule(ec2.Peer.ipv4(LATTICE_IPV4), ec2.Port.tcp(443), "HTTPS to VPC Lattice");
    acknowledge(
      group,
      "AwsSolutions-EC23",
      "Ingress only from the VPC's own CIDR on 80/443 (a token cdk-nag cannot read).",
    );
    return group;
  }
}
