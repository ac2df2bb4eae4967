import { Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { acknowledge, acknowledgeAwsCustomResourceFunction } from "../nag.js";

export interface ExecuteApiEndpointProps {
  readonly vpc: ec2.IVpc;
  /** Subnets for the endpoint's network interfaces, one per AZ. */
  readonly subnets: ec2.SubnetSelection;
  /** How many AZs those subnets span: one interface (and one address) per AZ. */
  readonly azCount: number;
}

/**
 * The consumer's `execute-api` interface VPC endpoint, its security group, and the private IP
 * addresses of its network interfaces (looked up at deploy time) for an ALB `ip` target group.
 * Private DNS stays off, as in the seed: only the private hosted zone's names lead here.
 */
export class ExecuteApiEndpoint extends Construct {
  readonly endpoint: ec2.InterfaceVpcEndpoint;
  readonly securityGroup: ec2.SecurityGroup;
  /** One private IPv4 address per availability zone. */
  readonly privateIpAddresses: string[];

  constructor(scope: Construct, id: string, props: ExecuteApiEndpointProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "execute-api VPC endpoint: HTTPS from the internal ALB only",
      allowAllOutbound: false,
    });
    this.endpoint = new ec2.InterfaceVpcEndpoint(this, "Endpoint", {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
      subnets: props.subnets,
      securityGroups: [this.securityGroup],
      privateDnsEnabled: false,
      open: false,
    });
    const lookup = new cr.AwsCustomResource(this, "NetworkInterfaceAddresses", {
      resourceType: "Custom::VpcEndpointAddresses",
      onUpdate: {
        service: "EC2",
        action: "describeNetworkInterfaces",
        parameters: { NetworkInterfaceIds: this.endpoint.vpcEndpointNetworkInterfaceIds },
        physicalResourceId: cr.PhysicalResourceId.of(this.endpoint.vpcEndpointId),
        outputPaths: Array.from(
          { length: props.azCount },
          (_, i) => `NetworkInterfaces.${i}.PrivateIpAddress`,
        ),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    this.privateIpAddresses = Array.from({ length: props.azCount }, (_, i) =>
      lookup.getResponseField(`NetworkInterfaces.${i}.PrivateIpAddress`),
    );
    acknowledgeAwsCustomResourceFunction(Stack.of(this));
    acknowledge(
      lookup,
      "AwsSolutions-IAM5",
      "ec2:DescribeNetworkInterfaces supports no resource-level permissions (AWS service authorization reference), so its Resource must be *; the action is read-only.",
      ["Resource::*"],
    );
  }
}
