// Resource providers of ECS: AWS::ECS::Cluster, AWS::ECS::TaskDefinition (each container's image read
// from its image asset in cdk.out — Dockerfile planned by workloads/dockerfile.ts; an image that
// cannot run as a local Node.js process makes the task definition a placeholder, reported by name)
// and AWS::ECS::Service (awsvpc networking, load balancers, desired count).
import { readFileSync } from "node:fs";
import { stableId } from "../../../../shared/ids.js";
import {
  notRunnableLocally,
  optionalText,
  requiredText,
  resourceLabel,
  wholeNumber,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import { planImage } from "../../../workloads/dockerfile.js";
import type { ContainerPlan, EcsState } from "./ecs-state.js";

interface ContainerDefinition {
  readonly Name?: unknown;
  readonly Image?: unknown;
  readonly Environment?: readonly { readonly Name?: unknown; readonly Value?: unknown }[];
  readonly PortMappings?: readonly { readonly ContainerPort?: unknown }[];
  readonly Secrets?: unknown;
}

export function createEcsProviders(state: EcsState): ResourceProvider[] {
  return [
    {
      type: "AWS::ECS::Cluster",
      properties: ["ClusterName", "ClusterSettings", "Tags"],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const name =
          optionalText(resource, "ClusterName") ??
          `${stackName}-${resource.logicalId}-${stableId([account, stackName, resource.logicalId], 12, "alnum")}`;
        const arn = `arn:aws:ecs:${region}:${account}:cluster/${name}`;
        state.clusters.set(arn, { arn, name });
        return { ref: name, attributes: { Arn: arn } };
      },
    },
    {
      type: "AWS::ECS::TaskDefinition",
      properties: [
        "Family",
        "ContainerDefinitions",
        "TaskRoleArn",
        "ExecutionRoleArn",
        "NetworkMode",
        "Cpu",
        "Memory",
        "RequiresCompatibilities",
        "RuntimePlatform",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const family = optionalText(resource, "Family") ?? `${stackName}${resource.logicalId}`;
        const arn = `arn:aws:ecs:${region}:${account}:task-definition/${family}:1`;
        const definitions = (resource.properties.ContainerDefinitions ??
          []) as readonly ContainerDefinition[];
        const containers = definitions.map((definition) => planContainer(resource, definition));
        state.taskDefinitions.set(arn, {
          arn,
          family,
          account,
          region,
          taskRoleArn: optionalText(resource, "TaskRoleArn"),
          containers,
        });
        return { ref: arn, attributes: { TaskDefinitionArn: arn } };
      },
    },
    {
      type: "AWS::ECS::Service",
      properties: [
        "Cluster",
        "TaskDefinition",
        "DesiredCount",
        "LaunchType",
        "NetworkConfiguration",
        "LoadBalancers",
        "ServiceName",
        "DeploymentConfiguration",
        "HealthCheckGracePeriodSeconds",
        "EnableECSManagedTags",
        "PropagateTags",
        "PlatformVersion",
        "CapacityProviderStrategy",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const taskDefinitionArn = requiredText(resource, "TaskDefinition");
        if (!state.taskDefinitions.has(taskDefinitionArn)) {
          throw notRunnableLocally(
            resource,
            "ECS_TASK_DEFINITION_NOT_RUNNABLE",
            `${resourceLabel(resource)}: its task definition ${taskDefinitionArn} does not run locally (see that resource's report).`,
          );
        }
        const cluster = optionalText(resource, "Cluster") ?? "default";
        const clusterName = cluster.startsWith("arn:") ? (cluster.split("/").at(-1) ?? cluster) : cluster;
        const name =
          optionalText(resource, "ServiceName") ??
          `${stackName}-${resource.logicalId}-${stableId([account, stackName, resource.logicalId], 12, "alnum")}`;
        const arn = `arn:aws:ecs:${region}:${account}:service/${clusterName}/${name}`;
        const network = resource.properties.NetworkConfiguration as
          | { AwsvpcConfiguration?: { Subnets?: unknown } }
          | undefined;
        const subnets = network?.AwsvpcConfiguration?.Subnets;
        if (!Array.isArray(subnets) || subnets.length === 0) {
          throw notRunnableLocally(
            resource,
            "ECS_NETWORK_MODE",
            `${resourceLabel(resource)}: only awsvpc networking (NetworkConfiguration.AwsvpcConfiguration.Subnets) runs locally.`,
          );
        }
        const loadBalancers = ((resource.properties.LoadBalancers ?? []) as Record<string, unknown>[]).map(
          (lb) => ({
            targetGroupArn: String(lb.TargetGroupArn),
            containerName: String(lb.ContainerName),
            containerPort: Number(lb.ContainerPort),
          }),
        );
        state.services.set(arn, {
          arn,
          name,
          clusterArn: `arn:aws:ecs:${region}:${account}:cluster/${clusterName}`,
          account,
          region,
          taskDefinitionArn,
          desiredCount: wholeNumber(resource, "DesiredCount") ?? 1,
          subnets: subnets.map(String),
          loadBalancers,
          label: resourceLabel(resource),
        });
        return { ref: arn, attributes: { Name: name, ServiceArn: arn } };
      },
    },
  ];
}

function planContainer(resource: ResolvedResource, definition: ContainerDefinition): ContainerPlan {
  const name = String(definition.Name ?? "");
  const image = String(definition.Image ?? "");
  const tag = image.split(":").at(-1) ?? "";
  const asset = resource.stack.images?.get(tag);
  const refuse = (why: string) =>
    notRunnableLocally(
      resource,
      "ECS_IMAGE_NOT_RUNNABLE",
      `${resourceLabel(resource)}: container ${name} (image ${image}) ${why}.`,
      { container: name },
    );
  if (asset === undefined) {
    throw refuse(
      "is no image asset of the cloud assembly: only images built from a Dockerfile in cdk.out (ContainerImage.fromAsset) run locally",
    );
  }
  if (definition.Secrets !== undefined) throw refuse("takes Secrets, which are not injected locally yet");
  const plan = planImage(readFileSync(asset.dockerfile, "utf8"));
  if ("notRunnable" in plan) throw refuse(`cannot run as a local process: ${plan.notRunnable}`);
  const env: Record<string, string> = { ...plan.env };
  for (const variable of definition.Environment ?? [])
    env[String(variable.Name)] = String(variable.Value ?? "");
  return {
    name,
    args: plan.command.slice(1),
    cwd: asset.directory,
    env,
    ports: (definition.PortMappings ?? [])
      .map((mapping) => Number(mapping.ContainerPort))
      .filter(Number.isInteger),
  };
}
