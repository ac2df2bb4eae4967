import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/**
 * The seed 003 VPC of each account: public and private /24s in every AZ, one NAT gateway (Fargate
 * pulls its image, instances fetch their code), flow logs of rejected traffic to CloudWatch Logs.
 */
export class ProviderVpc extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: { readonly cidr: string }) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: false,
    });
    const flowLogs = new logs.LogGroup(this, "FlowLogs", { retention: logs.RetentionDays.THREE_MONTHS });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
  }
}
