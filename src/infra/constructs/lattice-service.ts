import { Token } from "aws-cdk-lib";
import * as vpclattice from "aws-cdk-lib/aws-vpclattice";
import { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";
import { type LatticeAuthStatement, latticeAuthPolicy } from "./lattice-auth-policy.js";
import type { LatticeAuthType, LatticeServiceNetwork } from "./lattice-service-network.js";
import type { LatticeTarget } from "./lattice-targets.js";

/** A listener rule's action: forward by weight, or answer a fixed status. */
export type LatticeAction =
  | { readonly forward: readonly { readonly target: LatticeTarget; readonly weight?: number }[] }
  | { readonly fixedResponse: number };

export interface LatticeRule {
  readonly name: string;
  /** 1-2000, unique per listener; lower first. */
  readonly priority: number;
  readonly method?: string;
  readonly path?: { readonly exact?: string; readonly prefix?: string; readonly caseSensitive?: boolean };
  readonly headers?: readonly {
    readonly name: string;
    readonly exact?: string;
    readonly prefix?: string;
    readonly contains?: string;
    readonly caseSensitive?: boolean;
  }[];
  readonly action: LatticeAction;
}

export interface LatticeServiceProps {
  /** 3-40 lower-case letters, digits and hyphens. */
  readonly name: string;
  /** @default "AWS_IAM" */
  readonly authType?: LatticeAuthType;
  /** Statements of the auth policy (AWS_IAM only; without any, every request is denied). */
  readonly authPolicy?: readonly LatticeAuthStatement[];
  /** @default { port: 80, protocol: "HTTP" } */
  readonly listener?: { readonly port?: number; readonly protocol?: "HTTP" | "HTTPS" };
  readonly defaultAction: LatticeAction;
  readonly rules?: readonly LatticeRule[];
  /** Service networks that carry the service (same account, or shared with it through RAM). */
  readonly networks?: readonly LatticeServiceNetwork[];
}

const NAME = /^(?!-)[a-z0-9-]{3,40}(?<!-)$/;

/**
 * A VPC Lattice service (L3 over `CfnService`, `CfnListener`, `CfnRule`, `CfnTargetGroup`,
 * `CfnAuthPolicy`, `CfnServiceNetworkServiceAssociation`): one listener, its rules, a target group
 * per target, an auth policy built from typed statements, and its networks. `domainName` is the
 * generated DNS name clients call (`<name>-<id>.<hash>.vpc-lattice-svcs.<region>.on.aws`).
 */
export class LatticeService extends Construct {
  readonly service: vpclattice.CfnService;
  readonly serviceArn: string;
  readonly domainName: string;
  readonly #groups = new Map<LatticeTarget, vpclattice.CfnTargetGroup>();

  constructor(scope: Construct, id: string, props: LatticeServiceProps) {
    super(scope, id);
    if (!NAME.test(props.name)) {
      throw new AccountmeshError(
        "INVALID_LATTICE_NAME",
        `A Lattice service name must be 3-40 lower-case letters, digits and hyphens; received ${JSON.stringify(props.name)}.`,
        { value: props.name },
      );
    }
    const authType = props.authType ?? "AWS_IAM";
    if (authType === "NONE" && props.authPolicy !== undefined) {
      throw new AccountmeshError(
        "AUTH_POLICY_WITHOUT_IAM",
        `Service ${props.name} has auth type NONE, so its auth policy would never be evaluated; use AWS_IAM or drop the policy.`,
      );
    }
    const priorities = (props.rules ?? []).map((r) => r.priority);
    const bad = priorities.find(
      (p, i) => !Number.isInteger(p) || p < 1 || p > 2000 || priorities.indexOf(p) !== i,
    );
    if (bad !== undefined) {
      throw new AccountmeshError(
        "INVALID_RULE_PRIORITY",
        `Rule priorities of ${props.name} must be distinct integers 1-2000; received ${bad}.`,
        { value: bad },
      );
    }
    this.service = new vpclattice.CfnService(this, "Resource", { name: props.name, authType });
    this.serviceArn = this.service.attrArn;
    this.domainName = this.service.attrDnsEntryDomainName;
    const protocol = props.listener?.protocol ?? "HTTP";
    const listener = new vpclattice.CfnListener(this, "Listener", {
      serviceIdentifier: this.service.attrId,
      protocol,
      port: props.listener?.port ?? (protocol === "HTTPS" ? 443 : 80),
      defaultAction: this.action(props.defaultAction),
    });
    for (const rule of props.rules ?? []) {
      new vpclattice.CfnRule(this, `Rule${rule.priority}`, {
        name: rule.name,
        priority: rule.priority,
        serviceIdentifier: this.service.attrId,
        listenerIdentifier: listener.attrId,
        match: { httpMatch: this.match(rule) },
        action: this.action(rule.action),
      });
    }
    if (authType === "AWS_IAM" && props.authPolicy !== undefined) {
      new vpclattice.CfnAuthPolicy(this, "AuthPolicy", {
        resourceIdentifier: this.service.attrId,
        policy: latticeAuthPolicy(props.authPolicy),
      });
    }
    for (const [index, network] of (props.networks ?? []).entries()) this.associateWith(network, index);
  }

  /** Makes the service reachable through `network` (and every VPC associated with it). */
  associateWith(
    network: LatticeServiceNetwork,
    index = this.node.children.length,
  ): vpclattice.CfnServiceNetworkServiceAssociation {
    return new vpclattice.CfnServiceNetworkServiceAssociation(this, `Network${index}`, {
      serviceIdentifier: this.service.attrId,
      serviceNetworkIdentifier: network.networkArn,
    });
  }

  private group(target: LatticeTarget): vpclattice.CfnTargetGroup {
    let group = this.#groups.get(target);
    if (group === undefined) {
      group = target.bind(this, `Target${this.#groups.size}`);
      this.#groups.set(target, group);
    }
    return group;
  }

  private action(action: LatticeAction): vpclattice.CfnListener.DefaultActionProperty {
    if ("fixedResponse" in action) {
      if (
        !Number.isInteger(action.fixedResponse) ||
        action.fixedResponse < 100 ||
        action.fixedResponse > 599
      ) {
        throw new AccountmeshError(
          "INVALID_STATUS",
          `A fixed response needs an HTTP status 100-599; received ${action.fixedResponse}.`,
        );
      }
      return { fixedResponse: { statusCode: action.fixedResponse } };
    }
    if (action.forward.length === 0)
      throw new AccountmeshError("EMPTY_FORWARD", "A forward action needs at least one target.");
    return {
      forward: {
        targetGroups: action.forward.map(({ target, weight }) => {
          if (weight !== undefined && (!Number.isInteger(weight) || weight < 0 || weight > 999)) {
            throw new AccountmeshError(
              "INVALID_WEIGHT",
              `Target weights are integers 0-999; received ${weight}.`,
            );
          }
          return { targetGroupIdentifier: this.group(target).attrId, weight: weight ?? 100 };
        }),
      },
    };
  }

  private match(rule: LatticeRule): vpclattice.CfnRule.HttpMatchProperty {
    const headers = rule.headers ?? [];
    if (headers.length > 5)
      throw new AccountmeshError(
        "TOO_MANY_HEADER_MATCHES",
        `Rule ${rule.name} has ${headers.length} header matches; at most 5.`,
      );
    const one = (m: { exact?: string; prefix?: string; contains?: string }, what: string) => {
      const set = Object.entries(m).filter(
        ([k, v]) => ["exact", "prefix", "contains"].includes(k) && v !== undefined,
      );
      if (
        set.length !== 1 ||
        (set[0]?.[1] !== undefined && !Token.isUnresolved(set[0][1]) && String(set[0][1]) === "")
      ) {
        throw new AccountmeshError(
          "INVALID_MATCH",
          `${what} of rule ${rule.name} needs exactly one non-empty exact, prefix or contains.`,
        );
      }
      return m;
    };
    return {
      ...(rule.method === undefined ? {} : { method: rule.method }),
      ...(rule.path === undefined
        ? {}
        : {
            pathMatch: {
              match: one(rule.path, "The path match"),
              caseSensitive: rule.path.caseSensitive ?? false,
            },
          }),
      ...(headers.length === 0
        ? {}
        : {
            headerMatches: headers.map((h) => ({
              name: h.name,
              match: one(
                { exact: h.exact, prefix: h.prefix, contains: h.contains },
                `Header match ${h.name}`,
              ),
              caseSensitive: h.caseSensitive ?? false,
            })),
          }),
    };
  }
}
