// VPC Lattice state: service networks, services (with their DNS names), listeners and rules, target
// groups, and the two kinds of association (service ↔ network, VPC ↔ network). Plain data keyed by ARN,
// plus the one reachability question Lattice answers: from VPC X, which network carries service S?
// Source: VPC Lattice User Guide, "How VPC Lattice works" (a VPC has at most one service network
// association; a client reaches a service only through the network its VPC is associated with).
import type { PolicyDocument } from "../../../iam/types.js";

export type AuthType = "NONE" | "AWS_IAM";

export interface ServiceNetwork {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly authType: AuthType;
  /** `<account>/<stack>/<logical id>`. */
  readonly label: string;
}

export interface LatticeService {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly authType: AuthType;
  /** `<name>-<id hex>.<7 hex>.vpc-lattice-svcs.<region>.on.aws`, lower case. */
  readonly dnsName: string;
  readonly label: string;
}

export type RuleAction =
  | {
      readonly kind: "forward";
      readonly targetGroups: readonly { readonly arn: string; readonly weight: number }[];
    }
  | { readonly kind: "fixed-response"; readonly status: number };

export interface StringMatch {
  readonly kind: "exact" | "prefix" | "contains";
  readonly value: string;
  readonly caseSensitive: boolean;
}

export interface HttpMatch {
  readonly method?: string;
  readonly path?: StringMatch;
  readonly headers: readonly (StringMatch & { readonly name: string })[];
}

export interface ListenerRule {
  readonly arn: string;
  readonly name: string;
  /** 1–2000, lowest first. */
  readonly priority: number;
  readonly match: HttpMatch;
  readonly action: RuleAction;
}

export interface LatticeListener {
  readonly arn: string;
  readonly serviceArn: string;
  readonly port: number;
  readonly protocol: "HTTP" | "HTTPS";
  readonly defaultAction: RuleAction;
  readonly rules: ListenerRule[];
}

export type TargetGroupType = "LAMBDA" | "ALB" | "IP" | "INSTANCE";

export interface LatticeTargetGroup {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly type: TargetGroupType;
  readonly port?: number;
  readonly protocol?: string;
  readonly vpcId?: string;
  /** LAMBDA targets: `V1` or `V2` (the default). */
  readonly lambdaEventVersion: "V1" | "V2";
  readonly targets: readonly { readonly id: string; readonly port?: number }[];
}

export interface VpcAssociation {
  readonly arn: string;
  readonly networkArn: string;
  readonly vpcId: string;
  /** The account that created the association (the VPC's owner). */
  readonly account: string;
}

export class LatticeState {
  readonly networks = new Map<string, ServiceNetwork>();
  readonly services = new Map<string, LatticeService>();
  readonly listeners = new Map<string, LatticeListener>();
  readonly targetGroups = new Map<string, LatticeTargetGroup>();
  /** Auth policies by the ARN of the network or service they are attached to. */
  readonly authPolicies = new Map<string, PolicyDocument>();
  /** network ARN → service ARNs. */
  readonly serviceAssociations = new Map<string, Set<string>>();
  /** VPC id → its (one) association. */
  readonly vpcAssociations = new Map<string, VpcAssociation>();

  /** A network or service by ARN or id (CloudFormation accepts either as an identifier). */
  network(identifier: string): ServiceNetwork | undefined {
    return this.networks.get(identifier) ?? [...this.networks.values()].find((n) => n.id === identifier);
  }

  service(identifier: string): LatticeService | undefined {
    return this.services.get(identifier) ?? [...this.services.values()].find((s) => s.id === identifier);
  }

  targetGroup(identifier: string): LatticeTargetGroup | undefined {
    return (
      this.targetGroups.get(identifier) ?? [...this.targetGroups.values()].find((t) => t.id === identifier)
    );
  }

  listener(identifier: string): LatticeListener | undefined {
    return (
      this.listeners.get(identifier) ??
      [...this.listeners.values()].find((l) => l.arn.endsWith(`/listener/${identifier}`))
    );
  }

  serviceByDnsName(host: string): LatticeService | undefined {
    const name = host.toLowerCase().replace(/\.$/, "");
    return [...this.services.values()].find((s) => s.dnsName === name);
  }

  /** The network through which `vpcId` reaches `service`, or undefined when it cannot. */
  networkFor(vpcId: string | undefined, service: LatticeService): ServiceNetwork | undefined {
    const association = vpcId === undefined ? undefined : this.vpcAssociations.get(vpcId);
    if (association === undefined) return undefined;
    return this.serviceAssociations.get(association.networkArn)?.has(service.arn)
      ? this.networks.get(association.networkArn)
      : undefined;
  }

  listenersOf(serviceArn: string): LatticeListener[] {
    return [...this.listeners.values()].filter((l) => l.serviceArn === serviceArn);
  }
}
