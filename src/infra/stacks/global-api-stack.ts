import { CfnOutput } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpAlbIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { PrivateLinkBackend } from "../constructs/private-link-backend.js";
import { ProviderVpc } from "../constructs/provider-vpc.js";
import { acknowledge, acknowledgeAwsCustomResourceFunction } from "../nag.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface ProviderRoutes {
  /** Construct id, e.g. `DogNames`. */
  readonly id: string;
  /** The provider's endpoint service name (weak cross-account reference). */
  readonly serviceName: string;
  readonly port: number;
  readonly healthCheckPath: string;
  /** The seed's route paths, all with method ANY. */
  readonly paths: readonly string[];
}

export interface GlobalApiStackProps extends AccountStackProps {
  readonly providers: readonly ProviderRoutes[];
}

/**
 * The global account (seed 003): a public HTTP API on its `$default` stage, a VPC link, and per
 * provider an internal ALB reaching the provider's endpoint service through an interface endpoint.
 * No authorizer and no throttling, as in the seed (documented in docs/decisions.md §16).
 */
export class GlobalApiStack extends AccountStack {
  readonly api: apigwv2.HttpApi;

  constructor(scope: Construct, id: string, props: GlobalApiStackProps) {
    super(scope, id, props);
    const { vpc } = new ProviderVpc(this, "Network", { cidr: "10.0.0.0/16" });
    const vpcLink = new apigwv2.VpcLink(this, "VpcLink", {
      vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    this.api = new apigwv2.HttpApi(this, "Api", { apiName: "global-http-api", createDefaultStage: false });
    this.api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(
          new logs.LogGroup(this, "AccessLogs", { retention: logs.RetentionDays.THREE_MONTHS }),
        ),
      },
    });
    for (const provider of props.providers) {
      const backend = new PrivateLinkBackend(this, provider.id, {
        vpc,
        serviceName: provider.serviceName,
        port: provider.port,
        healthCheckPath: provider.healthCheckPath,
        azCount: props.availabilityZones.length,
      });
      const integration = new HttpAlbIntegration(`${provider.id}Integration`, backend.listener, { vpcLink });
      for (const path of provider.paths) {
        this.api.addRoutes({ path, methods: [apigwv2.HttpMethod.ANY], integration });
      }
    }
    acknowledge(
      this.api,
      "AwsSolutions-APIG4",
      "The seed's global API is public and unauthenticated: its curl clients send no credentials, and the providers expose only dog names and a todo list. The only cross-account control is the endpoint services' allowed principals.",
    );
    acknowledgeAwsCustomResourceFunction(this);
    new CfnOutput(this, "HttpApiEndpoint", { value: this.api.apiEndpoint });
  }
}
