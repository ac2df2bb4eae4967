import { CfnOutput } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as elbv2Targets from "aws-cdk-lib/aws-elasticloadbalancingv2-targets";
import type { Construct } from "constructs";
import { FlowLoggedVpc } from "../constructs/flow-logged-vpc.js";
import { LatticeService } from "../constructs/lattice-service.js";
import { LatticeServiceNetwork } from "../constructs/lattice-service-network.js";
import { LatticeTargets } from "../constructs/lattice-targets.js";
import { LatticeVpcAssociation } from "../constructs/lattice-vpc-association.js";
import { NodeFunction } from "../constructs/node-function.js";
import { acknowledge } from "../nag.js";
import type { Colour } from "../systems/directory-config.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface DirectorySharedStackProps extends AccountStackProps {
  /** The client accounts: each gets its colour's network through RAM and its auth-policy statement. */
  readonly accounts: Readonly<Record<Colour, string>>;
}

/** The seed's "local peer" VPCs in the shared services account (192.168.0.0/23 blue, .2.0/23 green). */
const PEER_CIDRS: Readonly<Record<Colour, string>> = { blue: "192.168.0.0/23", green: "192.168.2.0/23" };

/**
 * The shared services account of seed 004: the blue and green service networks (auth NONE, shared by
 * RAM with their accounts), the directory service (AWS_IAM, the seed's two-statement auth policy) in
 * front of an internal ALB → Lambda, and the two "local peer" VPCs associated with the networks —
 * kept because the policy denies them (their owner is this account, not a client's).
 */
export class DirectorySharedStack extends AccountStack {
  readonly networks: Readonly<Record<Colour, LatticeServiceNetwork>>;
  readonly service: LatticeService;

  constructor(scope: Construct, id: string, props: DirectorySharedStackProps) {
    super(scope, id, props);
    const azCount = props.availabilityZones.length;
    const main = new FlowLoggedVpc(this, "Main", { cidr: "10.0.0.0/16", publicSubnets: true, azCount });
    const network = (colour: Colour) =>
      new LatticeServiceNetwork(this, `${colour}Network`, {
        name: `${colour}-service-network`,
        authType: "NONE",
        sharedWith: [props.accounts[colour]],
      });
    this.networks = { blue: network("blue"), green: network("green") };
    for (const colour of ["blue", "green"] as const) {
      const peer = new FlowLoggedVpc(this, `${colour}Peer`, { cidr: PEER_CIDRS[colour], azCount });
      new LatticeVpcAssociation(this, `${colour}PeerAssociation`, {
        vpc: peer.vpc,
        serviceNetworkArn: this.networks[colour].networkArn,
      });
    }

    const directory = new NodeFunction(this, "DirectoryFunction", {
      functionName: "directory-service",
      handlerPath: "directory/directory-service.ts",
      description: "DirectoryService: GET /?q=<v> → {endpoint: v} (seed 004's FastAPI app)",
      vpc: main.vpc,
      vpcSubnets: main.privateSubnets,
    });
    const albGroup = new ec2.SecurityGroup(this, "AlbSecurityGroup", {
      vpc: main.vpc,
      description: "Directory ALB: HTTP from VPC Lattice only",
      allowAllOutbound: false,
    });
    albGroup.addIngressRule(ec2.Peer.ipv4("169.254.171.0/24"), ec2.Port.tcp(80), "HTTP from VPC Lattice");
    const alb = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc: main.vpc,
      vpcSubnets: main.privateSubnets,
      internetFacing: false,
      securityGroup: albGroup,
      dropInvalidHeaderFields: true,
    });
    alb.addListener("Http", {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [
        new elbv2.ApplicationTargetGroup(this, "DirectoryTargets", {
          targetType: elbv2.TargetType.LAMBDA,
          targets: [new elbv2Targets.LambdaTarget(directory)],
        }),
      ],
    });
    acknowledge(
      alb,
      "AwsSolutions-ELB2",
      "Seed 004's internal ALB has no access logs; requests are logged by VPC Lattice and the function. Enable them with a log bucket for production.",
    );
    acknowledge(
      alb,
      "AwsSolutions-EC23",
      "The ALB's group admits only VPC Lattice's managed prefix 169.254.171.0/24 on port 80.",
    );

    this.service = new LatticeService(this, "DirectoryService", {
      name: "shared-service",
      authType: "AWS_IAM",
      defaultAction: { forward: [{ target: LatticeTargets.alb(alb, { vpc: main.vpc, port: 80 }) }] },
      networks: [this.networks.blue, this.networks.green],
      authPolicy: (["blue", "green"] as const).map((colour) => ({
        method: "GET",
        queryString: { q: colour },
        sourceVpcOwnerAccount: props.accounts[colour],
      })),
    });

    new CfnOutput(this, "BlueServiceNetworkArn", { value: this.networks.blue.networkArn });
    new CfnOutput(this, "GreenServiceNetworkArn", { value: this.networks.green.networkArn });
    new CfnOutput(this, "SharedServiceFqdn", { value: this.service.domainName });
  }
}
