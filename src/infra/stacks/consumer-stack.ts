import { CfnOutput } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import type { Construct } from "constructs";
import { EndpointIdSecret } from "../constructs/endpoint-id-secret.js";
import { ExecuteApiEndpoint } from "../constructs/execute-api-endpoint.js";
import { FlowLoggedVpc } from "../constructs/flow-logged-vpc.js";
import { InternalHttpsLoadBalancer } from "../constructs/internal-https-load-balancer.js";
import { SelfSignedCertificate } from "../constructs/self-signed-certificate.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface ConsumerStackProps extends AccountStackProps {
  readonly applicationName: string;
  /** Private hosted zone name, e.g. `cross-account-microservices.com`. */
  readonly domainName: string;
  /** Microservices reachable from this VPC: a DNS alias each, and their accounts may read the endpoint secret. */
  readonly microservices: readonly { readonly name: string; readonly account: string }[];
  /** @default a self-signed `*.<domainName>` certificate created at deploy time */
  readonly certificateArn?: string;
  /** @default "192.168.0.0/16" (the seed's) */
  readonly vpcCidr?: string;
}

/**
 * The consumer hub: a VPC whose clients reach every microservice's private API at
 * `https://<service>.<domainName>` through an internal ALB and the `execute-api` VPC endpoint.
 */
export class ConsumerStack extends AccountStack {
  readonly endpoint: ExecuteApiEndpoint;
  readonly secret: EndpointIdSecret;
  readonly loadBalancer: InternalHttpsLoadBalancer;

  constructor(scope: Construct, id: string, props: ConsumerStackProps) {
    super(scope, id, props);
    const azCount = props.availabilityZones.length;
    const network = new FlowLoggedVpc(this, "Network", {
      cidr: props.vpcCidr ?? "192.168.0.0/16",
      publicSubnets: true,
      azCount,
    });
    this.endpoint = new ExecuteApiEndpoint(this, "ExecuteApi", {
      vpc: network.vpc,
      subnets: network.privateSubnets,
      azCount,
    });
    const certificate =
      props.certificateArn !== undefined
        ? acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn)
        : new SelfSignedCertificate(this, "Certificate", {
            commonName: `*.${props.domainName}`,
            subjectAlternativeNames: [`*.${props.domainName}`, props.domainName],
          }).certificate;
    this.loadBalancer = new InternalHttpsLoadBalancer(this, "Alb", {
      vpc: network.vpc,
      subnets: network.privateSubnets,
      name: props.applicationName,
      certificate,
      targetIpAddresses: this.endpoint.privateIpAddresses,
      targetSecurityGroup: this.endpoint.securityGroup,
    });
    const zone = new route53.PrivateHostedZone(this, "Zone", {
      zoneName: props.domainName,
      vpc: network.vpc,
    });
    for (const service of props.microservices) {
      new route53.ARecord(this, `${service.name}Alias`, {
        zone,
        recordName: service.name,
        target: route53.RecordTarget.fromAlias(
          new route53Targets.LoadBalancerTarget(this.loadBalancer.loadBalancer, {
            evaluateTargetHealth: true,
          }),
        ),
      });
    }
    this.secret = new EndpointIdSecret(this, "EndpointIdSecret", {
      secretName: props.applicationName,
      endpointId: this.endpoint.endpoint.vpcEndpointId,
      readerAccounts: props.microservices.map((m) => m.account),
    });

    new CfnOutput(this, "ExecuteApiEndpointId", {
      description: "The execute-api VPC endpoint that the microservices' private APIs admit",
      value: this.endpoint.endpoint.vpcEndpointId,
    });
    new CfnOutput(this, "EndpointIdSecretArn", {
      description: "Full ARN of the secret holding the endpoint id (readable by the microservice accounts)",
      value: this.secret.secret.secretArn,
    });
    new CfnOutput(this, "EndpointIdSecretKeyArn", {
      description:
        "KMS key encrypting that secret (decryptable by the microservice accounts via Secrets Manager)",
      value: this.secret.key.keyArn,
    });
  }
}
