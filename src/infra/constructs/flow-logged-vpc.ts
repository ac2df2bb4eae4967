import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface FlowLoggedVpcProps {
  readonly cidr: string;
  /** Two /24 public subnets (with an internet gateway) per AZ as in the seed's consumer VPC. @default false */
  readonly publicSubnets?: boolean;
  readonly azCount: number;
}

/**
 * A VPC with isolated private subnets (no NAT: nothing here calls the internet), optional public
 * subnets, DNS on, and flow logs to CloudWatch Logs with a retention.
 */
export class FlowLoggedVpc extends Construct {
  readonly vpc: ec2.Vpc;
  readonly privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

  constructor(scope: Construct, id: string, props: FlowLoggedVpcProps) {
    super(scope, id);
    const subnetConfiguration: ec2.SubnetConfiguration[] = [];
    if (props.publicSubnets) {
      subnetConfiguration.push({
        name: "public",
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 24,
        mapPublicIpOnLaunch: true,
      });
    }
    subnetConfiguration.push({ name: "private", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 });
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: props.azCount,
      natGateways: 0,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetConfiguration,
      restrictDefaultSecurityGroup: false,
    });
    const flowLogs = new logs.LogGroup(this, "FlowLogs", { retention: logs.RetentionDays.THREE_MONTHS });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
  }
}
