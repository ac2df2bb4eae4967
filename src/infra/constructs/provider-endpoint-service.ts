import { CfnOutput, Duration } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

export interface ProviderEndpointServiceProps {
  readonly vpc: ec2.IVpc;
  /** The service's port (NLB TCP listener and targets). */
  readonly port: number;
  /** The only account allowed to connect (the global API's), auto-accepted. */
  readonly consumerAccount: string;
}

/**
 * A provider's front: an internal network load balancer (TCP listener) in the private subnets, and a
 * VPC endpoint service on it that allow-lists only the consumer account, acceptance not required
 * (seed 003). Its service name is an output the global account reads by weak reference.
 */
export class ProviderEndpointService extends Construct {
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly listener: elbv2.NetworkListener;
  readonly service: ec2.VpcEndpointService;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ProviderEndpointServiceProps) {
    super(scope, id);
    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, "Nlb", {
      vpc: props.vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      crossZoneEnabled: true,
    });
    acknowledge(
      this.loadBalancer,
      "AwsSolutions-ELB2",
      "An internal TCP load balancer reached only through the endpoint service by the global account: the global HTTP API's access log records every request, and the VPC flow log records rejected traffic.",
    );
    this.listener = this.loadBalancer.addListener("Listener", {
      port: props.port,
      protocol: elbv2.Protocol.TCP,
    });
    this.service = new ec2.VpcEndpointService(this, "EndpointService", {
      vpcEndpointServiceLoadBalancers: [this.loadBalancer],
      acceptanceRequired: false,
      allowedPrincipals: [new iam.ArnPrincipal(`arn:aws:iam::${props.consumerAccount}:root`)],
    });
    this.serviceName = this.service.vpcEndpointServiceName;
    new CfnOutput(this, "ServiceName", { value: this.serviceName, description: "VPC endpoint service name" });
  }

  /** Deregistration delay of the seed (10 s) on a target group of this load balancer. */
  static readonly DEREGISTRATION_DELAY = Duration.seconds(10);
}
