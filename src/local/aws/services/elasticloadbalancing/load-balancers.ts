// Elastic Load Balancing v2 state: load balancers, listeners, target groups.
export interface LoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
  readonly scheme: "internal" | "internet-facing";
  readonly type: "application" | "network";
  readonly vpcId: string;
  readonly account: string;
  readonly region: string;
  readonly interfaceIds: readonly string[];
  /** Private IPs of the load balancer's nodes (one per subnet): the source address targets see. */
  readonly nodeIps: readonly string[];
  readonly attributes: ReadonlyMap<string, string>;
  /** `<account>/<stack>/<logicalId>`, the name endpoints.json uses. */
  readonly label: string;
}

export interface ListenerAction {
  readonly type: "forward" | "fixed-response" | "redirect";
  readonly targetGroupArn?: string;
  readonly fixedResponse?: {
    readonly statusCode: string;
    readonly contentType?: string;
    readonly messageBody?: string;
  };
}

export interface Listener {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly port: number;
  readonly protocol: "HTTP" | "HTTPS" | "TCP";
  readonly certificateArns: readonly string[];
  readonly defaultActions: readonly ListenerAction[];
}

export interface Target {
  readonly id: string;
  readonly port: number;
}

export interface TargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly protocol: "HTTP" | "HTTPS" | "TCP";
  readonly port: number;
  readonly targetType: "ip" | "instance" | "lambda" | "alb";
  readonly targets: readonly Target[];
  readonly vpcId?: string;
}

export class LoadBalancerState {
  readonly loadBalancers = new Map<string, LoadBalancer>();
  readonly listeners = new Map<string, Listener>();
  readonly targetGroups = new Map<string, TargetGroup>();

  listenersOf(loadBalancerArn: string): Listener[] {
    return [...this.listeners.values()].filter((l) => l.loadBalancerArn === loadBalancerArn);
  }

  listenerAt(loadBalancerArn: string, port: number): Listener | undefined {
    return this.listenersOf(loadBalancerArn).find((l) => l.port === port);
  }
}
