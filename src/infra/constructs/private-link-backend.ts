import { Duration } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as elbv2Targets from "aws-cdk-lib/aws-elasticloadbalancingv2-targets";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

export interface PrivateLinkBackendProps {
  readonly vpc: ec2.IVpc;
  /** The provider's endpoint service name (a weak cross-account reference). */
  readonly serviceName: string;
  readonly port: number;
  /** Health check path on the provider (the seed's `/dogs`, `/todo`). */
  readonly healthCheckPath: string;
  /** How many AZs the endpoint spans: one interface, hence one IP target, per AZ. */
  readonly azCount: number;
}

/**
 * The consumer side of one provider (seed 003): an interface endpoint to its endpoint service, and an
 * internal ALB (HTTP 80) whose IP targets are ALL the endpoint's addresses (the seed took only two),
 * read at deploy time with DescribeNetworkInterfaces. The HTTP API reaches the ALB through a VPC link.
 */
export class PrivateLinkBackend extends Construct {
  readonly endpoint: ec2.InterfaceVpcEndpoint;
  readonly listener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: PrivateLinkBackendProps) {
    super(scope, id);
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const endpointGroup = new ec2.SecurityGroup(this, "EndpointSg", {
      vpc: props.vpc,
      description: `Endpoint to ${id}: the provider port from the VPC`,
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(props.port));
    acknowledge(
      endpointGroup,
      "AwsSolutions-EC23",
      "The only ingress is the provider's port from this VPC's own CIDR (a CloudFormation reference cdk-nag cannot evaluate), never 0.0.0.0/0.",
    );
    this.endpoint = new ec2.InterfaceVpcEndpoint(this, "Endpoint", {
      vpc: props.vpc,
      service: new ec2.InterfaceVpcEndpointService(props.serviceName, props.port),
      subnets,
      securityGroups: [endpointGroup],
      privateDnsEnabled: false,
      open: false,
    });
    const lookup = new cr.AwsCustomResource(this, "EndpointAddresses", {
      onUpdate: {
        service: "EC2",
        action: "describeNetworkInterfaces",
        parameters: { NetworkInterfaceIds: this.endpoint.vpcEndpointNetworkInterfaceIds },
        physicalResourceId: cr.PhysicalResourceId.of(`${id}-endpoint-addresses`),
        outputPaths: Array.from(
          { length: props.azCount },
          (_, n) => `NetworkInterfaces.${n}.PrivateIpAddress`,
        ),
      },
      // DescribeNetworkInterfaces supports no resource-level permissions: "*" is the only resource.
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
      logGroup: new logs.LogGroup(this, "LookupLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    acknowledge(
      lookup,
      "AwsSolutions-IAM5",
      "ec2:DescribeNetworkInterfaces supports no resource-level permissions (AWS service authorization reference), so its Resource must be *; the action is read-only.",
      ["Resource::*"],
    );
    const albGroup = new ec2.SecurityGroup(this, "AlbSg", {
      vpc: props.vpc,
      description: `Internal ALB of ${id}: HTTP from the VPC (the VPC link)`,
      allowAllOutbound: false,
    });
    albGroup.addIngressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(80));
    albGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(props.port));
    acknowledge(
      albGroup,
      "AwsSolutions-EC23",
      "The only ingress is HTTP 80 from this VPC's own CIDR (the VPC link; a CloudFormation reference cdk-nag cannot evaluate), never 0.0.0.0/0 as in the seed: the ALB is internal.",
    );
    const alb = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc: props.vpc,
      internetFacing: false,
      vpcSubnets: subnets,
      securityGroup: albGroup,
      idleTimeout: Duration.seconds(10),
      dropInvalidHeaderFields: true,
    });
    acknowledge(
      alb,
      "AwsSolutions-ELB2",
      "An internal ALB only relaying the HTTP API's requests to one endpoint: the HTTP API's access log records every request (with its request id) and the VPC flow log records rejected traffic; ALB access logs would need an S3 bucket with the ELB log-delivery policy per account for no extra information.",
    );
    this.listener = alb.addListener("Http", {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
    });
    this.listener.addTargets("Endpoint", {
      port: props.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: Array.from(
        { length: props.azCount },
        (_, n) =>
          new elbv2Targets.IpTarget(
            lookup.getResponseField(`NetworkInterfaces.${n}.PrivateIpAddress`),
            props.port,
          ),
      ),
      healthCheck: {
        path: props.healthCheckPath,
        interval: Duration.seconds(15),
        timeout: Duration.seconds(2),
        healthyThresholdCount: 3,
      },
      deregistrationDelay: Duration.seconds(10),
    });
  }
}
