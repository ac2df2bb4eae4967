import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { ProviderEndpointService } from "../constructs/provider-endpoint-service.js";
import { ProviderVpc } from "../constructs/provider-vpc.js";
import { bundleWorkload } from "../constructs/workload-bundle.js";
import { acknowledge } from "../nag.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export const DOG_NAMES_PORT = 8080;

/** The image's Dockerfile: the bundle is the whole context, nothing is built inside the image. */
const DOCKERFILE = `FROM public.ecr.aws/docker/library/node:22-alpine
WORKDIR /app
COPY server.mjs ./
EXPOSE ${DOG_NAMES_PORT}
USER node
CMD ["node", "server.mjs"]
`;

export interface DogNamesStackProps extends AccountStackProps {
  readonly globalAccount: string;
}

/**
 * The dog names provider (seed 003): the TypeScript service in a container image built at deploy time
 * from a Dockerfile in cdk.out (no hand-pushed ECR tag), one Fargate task behind an internal NLB, and
 * an endpoint service that allow-lists only the global account.
 */
export class DogNamesStack extends AccountStack {
  readonly endpointService: ProviderEndpointService;

  constructor(scope: Construct, id: string, props: DogNamesStackProps) {
    super(scope, id, props);
    const { vpc } = new ProviderVpc(this, "Network", { cidr: "10.0.0.0/16" });
    const cluster = new ecs.Cluster(this, "Cluster", {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const task = new ecs.FargateTaskDefinition(this, "Task", { cpu: 512, memoryLimitMiB: 1024 });
    task.addContainer("dog-names", {
      image: ecs.ContainerImage.fromAsset(
        bundleWorkload("dog-names", "providers/dog-names-server.ts", { Dockerfile: DOCKERFILE }),
      ),
      portMappings: [{ containerPort: DOG_NAMES_PORT }],
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: "dog-names",
        logGroup: new logs.LogGroup(this, "Logs", { retention: logs.RetentionDays.ONE_MONTH }),
      }),
    });
    acknowledge(
      task,
      "AwsSolutions-IAM5",
      "The execution role's ecr:GetAuthorizationToken supports no resource-level permissions (Resource *); pulling is scoped to the asset repository and logging to the task's log group by CDK.",
      ["Resource::*"],
    );
    const serviceGroup = new ec2.SecurityGroup(this, "ServiceSg", {
      vpc,
      description: "Dog names tasks: the service port from the VPC (the NLB)",
    });
    serviceGroup.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(DOG_NAMES_PORT));
    acknowledge(
      serviceGroup,
      "AwsSolutions-EC23",
      "The only ingress is the service port from this VPC's own CIDR (the NLB; a CloudFormation reference cdk-nag cannot evaluate), never 0.0.0.0/0.",
    );
    const service = new ecs.FargateService(this, "Service", {
      cluster,
      taskDefinition: task,
      desiredCount: 1,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
    });
    this.endpointService = new ProviderEndpointService(this, "Front", {
      vpc,
      port: DOG_NAMES_PORT,
      consumerAccount: props.globalAccount,
    });
    this.endpointService.listener.addTargets("Tasks", {
      port: DOG_NAMES_PORT,
      targets: [service.loadBalancerTarget({ containerName: "dog-names", containerPort: DOG_NAMES_PORT })],
      deregistrationDelay: ProviderEndpointService.DEREGISTRATION_DELAY,
    });
  }
}
