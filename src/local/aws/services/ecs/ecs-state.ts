// ECS as the templates define it: clusters, task definitions (each container a local Node.js process
// planned from its image asset's Dockerfile) and services with their desired count and load balancers.

export interface ContainerPlan {
  readonly name: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  /** The image's build context in cdk.out (WORKDIR locally). */
  readonly cwd: string;
  /** The image's ENV, then the container definition's Environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Container ports of its PortMappings. */
  readonly ports: readonly number[];
}

export interface TaskDefinition {
  readonly arn: string;
  readonly family: string;
  readonly account: string;
  readonly region: string;
  readonly taskRoleArn: string | undefined;
  readonly containers: readonly ContainerPlan[];
}

export interface EcsService {
  readonly arn: string;
  readonly name: string;
  readonly clusterArn: string;
  readonly account: string;
  readonly region: string;
  readonly taskDefinitionArn: string;
  desiredCount: number;
  readonly subnets: readonly string[];
  readonly loadBalancers: readonly {
    readonly targetGroupArn: string;
    readonly containerName: string;
    readonly containerPort: number;
  }[];
  /** `<account>/<stack>/<logical id>`. */
  readonly label: string;
}

export class EcsState {
  readonly clusters = new Map<string, { readonly arn: string; readonly name: string }>();
  readonly taskDefinitions = new Map<string, TaskDefinition>();
  readonly services = new Map<string, EcsService>();

  /** A service by ARN or by name (within `cluster`, a name or ARN, when given). */
  findService(account: string, region: string, service: string, cluster?: string): EcsService | undefined {
    return [...this.services.values()].find(
      (s) =>
        s.account === account &&
        s.region === region &&
        (s.arn === service || s.name === service) &&
        (cluster === undefined || s.clusterArn === cluster || s.clusterArn.endsWith(`:cluster/${cluster}`)),
    );
  }
}
