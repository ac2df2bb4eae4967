import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as elbv2Targets from "aws-cdk-lib/aws-elasticloadbalancingv2-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

export interface InternalHttpsLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly name: string;
  readonly certificate: acm.ICertificate;
  /** Target addresses (HTTPS 443); the Host header is passed through unchanged. */
  readonly targetIpAddresses: readonly string[];
  /** Security group of the targets: the ALB may reach it on 443 and nothing else. */
  readonly targetSecurityGroup: ec2.ISecurityGroup;
}

/**
 * An internal ALB with one HTTPS listener (TLS 1.3/1.2 policy) forwarding everything to an `ip`
 * target group. Its security group admits 443 from the VPC and sends only 443 to the targets.
 */
export class InternalHttpsLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly listener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: InternalHttpsLoadBalancerProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "internal ALB: HTTPS from the VPC, HTTPS to the execute-api endpoint only",
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      "HTTPS from the VPC",
    );
    acknowledge(
      this.securityGroup,
      "AwsSolutions-EC23",
      "The only ingress is TCP 443 from this VPC's own CIDR (a CloudFormation reference cdk-nag cannot evaluate), never 0.0.0.0/0: the ALB is internal.",
    );
    this.securityGroup.addEgressRule(props.targetSecurityGroup, ec2.Port.tcp(443), "HTTPS to the endpoint");
    props.targetSecurityGroup.addIngressRule(
      this.securityGroup,
      ec2.Port.tcp(443),
      "HTTPS from the internal ALB",
    );

    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      accessLogs,
      "AwsSolutions-S1",
      "This bucket is the ALB's access-log destination; logging its own access would only log the log delivery.",
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: false,
      loadBalancerName: props.name,
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(accessLogs);

    const targetGroup = new elbv2.ApplicationTargetGroup(this, "Targets", {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      targets: props.targetIpAddresses.map((ip) => new elbv2Targets.IpTarget(ip, 443)),
      // The seed checked `/login`, a route nothing serves. The execute-api endpoint answers a
      // request without an API host with 403: that proves its TLS front door is up.
      healthCheck: {
        protocol: elbv2.Protocol.HTTPS,
        path: "/",
        healthyHttpCodes: "200,403",
        interval: Duration.seconds(30),
      },
    });
    this.listener = this.loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      certificates: [props.certificate],
      defaultTargetGroups: [targetGroup],
      open: false,
    });
  }
}
