import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3assets from "aws-cdk-lib/aws-s3-assets";
import type { Construct } from "constructs";
import { ProviderEndpointService } from "../constructs/provider-endpoint-service.js";
import { ProviderVpc } from "../constructs/provider-vpc.js";
import { bundleWorkload } from "../constructs/workload-bundle.js";
import { acknowledge } from "../nag.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export const TODO_PORT = 8080;
/** The index `GET /todo` pages through (a Query: no unbounded Scan). */
export const TODO_LIST_INDEX = "byKind";

export interface TodoStackProps extends AccountStackProps {
  readonly globalAccount: string;
  /** @default 2 (the seed's desired capacity) */
  readonly instances?: number;
}

/**
 * The todo provider (seed 003): the TypeScript service on an Auto Scaling group of EC2 instances
 * (a current Amazon Linux 2023 AMI by SSM parameter), its code a CDK asset the instance downloads at
 * boot and runs as a systemd unit, an instance role with only the table actions it uses, behind an
 * internal NLB and an endpoint service that allow-lists only the global account.
 */
export class TodoStack extends AccountStack {
  readonly endpointService: ProviderEndpointService;
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: TodoStackProps) {
    super(scope, id, props);
    const { vpc } = new ProviderVpc(this, "Network", { cidr: "10.0.0.0/16" });
    this.table = new dynamodb.TableV2(this, "Todos", {
      partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: TODO_LIST_INDEX,
          partitionKey: { name: "kind", type: dynamodb.AttributeType.STRING },
          sortKey: { name: "id", type: dynamodb.AttributeType.STRING },
        },
      ],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const code = new s3assets.Asset(this, "Code", {
      path: bundleWorkload("todo", "providers/todo-server.ts"),
    });
    const role = new iam.Role(this, "InstanceRole", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      description: "Todo instances: the table actions the service uses, and reading its own code",
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:PutItem", "dynamodb:GetItem"],
        resources: [this.table.tableArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${this.table.tableArn}/index/${TODO_LIST_INDEX}`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject"],
        resources: [code.bucket.arnForObjects(code.s3ObjectKey)],
      }),
    );
    const userData = ec2.UserData.forLinux();
    userData.addCommands("dnf install -y nodejs22 unzip");
    const zip = userData.addS3DownloadCommand({
      bucket: code.bucket,
      bucketKey: code.s3ObjectKey,
      localFile: "/tmp/todo.zip",
    });
    userData.addCommands(
      "mkdir -p /opt/todo",
      `unzip -o ${zip} -d /opt/todo`,
      "cat > /etc/systemd/system/todo.service <<'UNIT'",
      "[Unit]",
      "Description=todo service (seed 003)",
      "After=network-online.target",
      "[Service]",
      "WorkingDirectory=/opt/todo",
      `Environment=TABLE_NAME=${this.table.tableName}`,
      `Environment=AWS_REGION=${this.region}`,
      `Environment=PORT=${TODO_PORT}`,
      "ExecStart=/usr/bin/node-22 /opt/todo/server.mjs",
      "Restart=always",
      "DynamicUser=yes",
      "[Install]",
      "WantedBy=multi-user.target",
      "UNIT",
      "systemctl daemon-reload",
      "systemctl enable --now todo",
    );
    const instanceGroup = new ec2.SecurityGroup(this, "InstanceSg", {
      vpc,
      description: "Todo instances: the service port from the VPC (the NLB)",
    });
    instanceGroup.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(TODO_PORT));
    acknowledge(
      instanceGroup,
      "AwsSolutions-EC23",
      "The only ingress is the service port from this VPC's own CIDR (the NLB; a CloudFormation reference cdk-nag cannot evaluate), never 0.0.0.0/0.",
    );
    const template = new ec2.LaunchTemplate(this, "Template", {
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      role,
      userData,
      securityGroup: instanceGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: "/dev/xvda", volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
    });
    const instances = props.instances ?? 2;
    const group = new autoscaling.AutoScalingGroup(this, "Instances", {
      vpc,
      launchTemplate: template,
      minCapacity: instances,
      maxCapacity: instances,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(5),
      }),
    });
    acknowledge(
      group,
      "AwsSolutions-AS3",
      "A fixed-size group (min = max = desired) that never scales: replacements of unhealthy instances are visible in the group's activity history; no operator subscribes to scaling notifications in this reference system.",
    );
    this.endpointService = new ProviderEndpointService(this, "Front", {
      vpc,
      port: TODO_PORT,
      consumerAccount: props.globalAccount,
    });
    this.endpointService.listener.addTargets("Instances", {
      port: TODO_PORT,
      targets: [group],
      deregistrationDelay: ProviderEndpointService.DEREGISTRATION_DELAY,
    });
  }
}
