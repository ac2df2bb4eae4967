// Resource providers for AWS::VpcLattice::* : ids and ARNs in AWS's formats (`sn-`, `svc-`, `tg-`,
// `listener-`, `rule-`, `snsa-`, `snva-` + 17 hex digits), the service's generated DNS name, and the
// RAM check of an association made from another account (the network must be shared with it).
// Source: AWS CloudFormation resource reference, AWS::VpcLattice::* (Ref and Fn::GetAtt).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  optionalText,
  requiredText,
  resourceLabel,
  wholeNumber,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import type { NetworkState } from "../../../network/network-state.js";
import { readAction, readMatch } from "./lattice-actions.js";
import type { AuthType, LatticeState, ServiceNetwork, TargetGroupType } from "./lattice-state.js";

export interface LatticeProviderDeps {
  readonly state: LatticeState;
  readonly network: NetworkState;
  /**
   * Why `account` may not use `network` (undefined: it may): the network's own account always may;
   * another needs a RAM share of the network (asked through the in-process AWS client).
   */
  whyNotShared(network: ServiceNetwork, account: string, region: string): Promise<string | undefined>;
}

const TAGS = ["Tags"];

function hexId(prefix: string, parts: readonly string[]): string {
  return `${prefix}-${stableId(parts, 17)}`;
}

function arnOf(resource: ResolvedResource, path: string): string {
  return `arn:aws:vpc-lattice:${resource.stack.region}:${resource.stack.account}:${path}`;
}

function authType(resource: ResolvedResource): AuthType {
  const value = optionalText(resource, "AuthType") ?? "NONE";
  if (value !== "NONE" && value !== "AWS_IAM") {
    throw new AccountmeshError(
      "LATTICE_INVALID_PROPERTY",
      `${resourceLabel(resource)}: AuthType must be NONE or AWS_IAM; received ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** CloudFormation's generated name: lower case, letters, digits and hyphens, at most 40 characters. */
function latticeName(resource: ResolvedResource): string {
  return (
    optionalText(resource, "Name") ??
    `${resource.logicalId
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "")
      .slice(
        0,
        26,
      )}-${stableId([resource.stack.account, resource.stack.stackName, resource.logicalId], 12, "alnum").toLowerCase()}`
  );
}

export function createLatticeProviders(deps: LatticeProviderDeps): ResourceProvider[] {
  const { state, network } = deps;
  const requireNetwork = (resource: ResolvedResource, identifier: string): ServiceNetwork => {
    const found = state.network(identifier);
    if (found === undefined) {
      throw new AccountmeshError(
        "LATTICE_UNKNOWN_SERVICE_NETWORK",
        `${resourceLabel(resource)}: ServiceNetworkIdentifier ${identifier} is no service network provisioned locally (another account's network must be named by its ARN).`,
        { identifier },
      );
    }
    return found;
  };
  const requireService = (resource: ResolvedResource, identifier: string) => {
    const found = state.service(identifier);
    if (found === undefined) {
      throw new AccountmeshError(
        "LATTICE_UNKNOWN_SERVICE",
        `${resourceLabel(resource)}: ServiceIdentifier ${identifier} is no VPC Lattice service provisioned locally.`,
        { identifier },
      );
    }
    return found;
  };
  const assertShared = async (resource: ResolvedResource, target: ServiceNetwork, what: string) => {
    const { account, region } = resource.stack;
    const why = await deps.whyNotShared(target, account, region);
    if (why !== undefined) {
      throw new AccountmeshError(
        "LATTICE_NETWORK_NOT_SHARED",
        `${resourceLabel(resource)}: account ${account} cannot associate ${what} with service network ${target.name} (${target.arn}) of account ${target.account}: ${why}. Share the network with ${account} through AWS RAM (AWS::RAM::ResourceShare with Principals [${account}]).`,
        { account, network: target.arn, reason: why },
      );
    }
  };

  return [
    {
      type: "AWS::VpcLattice::ServiceNetwork",
      properties: ["Name", "AuthType", "SharingConfig", ...TAGS],
      async create(resource) {
        const { account, region } = resource.stack;
        const name = latticeName(resource);
        const id = hexId("sn", [account, region, name]);
        const arn = arnOf(resource, `servicenetwork/${id}`);
        state.networks.set(arn, {
          arn,
          id,
          name,
          account,
          region,
          authType: authType(resource),
          label: resourceLabel(resource),
        });
        return { ref: arn, attributes: { Arn: arn, Id: id, Name: name, CreatedAt: "", LastUpdatedAt: "" } };
      },
    },
    {
      type: "AWS::VpcLattice::Service",
      properties: ["Name", "AuthType", ...TAGS],
      async create(resource) {
        const { account, region } = resource.stack;
        const name = latticeName(resource);
        const id = hexId("svc", [account, region, name]);
        const arn = arnOf(resource, `service/${id}`);
        const dnsName = `${name}-${id.slice(4)}.${stableId([account, region, "lattice"], 7)}.vpc-lattice-svcs.${region}.on.aws`;
        state.services.set(arn, {
          arn,
          id,
          name,
          account,
          region,
          authType: authType(resource),
          dnsName,
          label: resourceLabel(resource),
        });
        return {
          ref: arn,
          attributes: {
            Arn: arn,
            Id: id,
            Name: name,
            Status: "ACTIVE",
            "DnsEntry.DomainName": dnsName,
            "DnsEntry.HostedZoneId": `Z${stableId([region, "lattice-zone"], 13).toUpperCase()}`,
          },
        };
      },
    },
    {
      type: "AWS::VpcLattice::TargetGroup",
      properties: ["Name", "Type", "Config", "Targets", ...TAGS],
      async create(resource) {
        const { account, region } = resource.stack;
        const type = requiredText(resource, "Type") as TargetGroupType;
        if (!["LAMBDA", "ALB", "IP", "INSTANCE"].includes(type)) {
          throw new AccountmeshError(
            "LATTICE_INVALID_PROPERTY",
            `${resourceLabel(resource)}: Type must be LAMBDA, ALB, IP or INSTANCE; received ${JSON.stringify(type)}.`,
          );
        }
        const config = (resource.properties.Config ?? {}) as Record<string, unknown>;
        const name = latticeName(resource);
        const id = hexId("tg", [account, region, name]);
        const arn = arnOf(resource, `targetgroup/${id}`);
        const version = String(config.LambdaEventStructureVersion ?? "V2");
        if (version !== "V1" && version !== "V2") {
          throw new AccountmeshError(
            "LATTICE_INVALID_PROPERTY",
            `${resourceLabel(resource)}: Config.LambdaEventStructureVersion must be V1 or V2; received ${JSON.stringify(version)}.`,
          );
        }
        const targets = ((resource.properties.Targets ?? []) as { Id: unknown; Port?: unknown }[]).map(
          (t) => ({
            id: String(t.Id),
            ...(t.Port === undefined ? {} : { port: Number(t.Port) }),
          }),
        );
        state.targetGroups.set(arn, {
          arn,
          id,
          name,
          account,
          region,
          type,
          ...(config.Port === undefined ? {} : { port: Number(config.Port) }),
          ...(config.Protocol === undefined ? {} : { protocol: String(config.Protocol) }),
          ...(config.VpcIdentifier === undefined ? {} : { vpcId: String(config.VpcIdentifier) }),
          lambdaEventVersion: version,
          targets,
        });
        return {
          ref: arn,
          attributes: { Arn: arn, Id: id, Status: "ACTIVE", CreatedAt: "", LastUpdatedAt: "" },
        };
      },
    },
    {
      type: "AWS::VpcLattice::Listener",
      properties: ["Name", "ServiceIdentifier", "Port", "Protocol", "DefaultAction", ...TAGS],
      async create(resource) {
        const service = requireService(resource, requiredText(resource, "ServiceIdentifier"));
        const protocol = optionalText(resource, "Protocol") ?? "HTTP";
        if (protocol !== "HTTP" && protocol !== "HTTPS") {
          throw new AccountmeshError(
            "LATTICE_UNSUPPORTED_PROTOCOL",
            `${resourceLabel(resource)}: listener protocol ${protocol} is not supported locally (HTTP and HTTPS are).`,
          );
        }
        const port = wholeNumber(resource, "Port") ?? (protocol === "HTTPS" ? 443 : 80);
        const id = hexId("listener", [service.arn, String(port)]);
        const arn = `${service.arn}/listener/${id}`;
        const defaultAction = readAction(resource, "DefaultAction", resource.properties.DefaultAction, state);
        state.listeners.set(arn, { arn, serviceArn: service.arn, port, protocol, defaultAction, rules: [] });
        return { ref: arn, attributes: { Arn: arn, Id: id, ServiceArn: service.arn, ServiceId: service.id } };
      },
    },
    {
      type: "AWS::VpcLattice::Rule",
      properties: ["Name", "ServiceIdentifier", "ListenerIdentifier", "Priority", "Match", "Action", ...TAGS],
      async create(resource) {
        const listener = state.listener(requiredText(resource, "ListenerIdentifier"));
        if (listener === undefined) {
          throw new AccountmeshError(
            "LATTICE_UNKNOWN_LISTENER",
            `${resourceLabel(resource)}: ListenerIdentifier names no listener provisioned locally.`,
          );
        }
        const priority = wholeNumber(resource, "Priority") ?? 0;
        if (priority < 1 || priority > 2000 || listener.rules.some((r) => r.priority === priority)) {
          throw new AccountmeshError(
            "LATTICE_INVALID_PROPERTY",
            `${resourceLabel(resource)}: Priority must be 1-2000 and unique on its listener; received ${priority}.`,
          );
        }
        const name = latticeName(resource);
        const id = hexId("rule", [listener.arn, name]);
        const arn = `${listener.arn}/rule/${id}`;
        listener.rules.push({
          arn,
          name,
          priority,
          match: readMatch(resource, resource.properties.Match),
          action: readAction(resource, "Action", resource.properties.Action, state),
        });
        listener.rules.sort((a, b) => a.priority - b.priority);
        return { ref: arn, attributes: { Arn: arn, Id: id } };
      },
    },
    {
      type: "AWS::VpcLattice::ServiceNetworkServiceAssociation",
      properties: ["ServiceIdentifier", "ServiceNetworkIdentifier", "DnsEntry", ...TAGS],
      async create(resource) {
        const service = requireService(resource, requiredText(resource, "ServiceIdentifier"));
        const target = requireNetwork(resource, requiredText(resource, "ServiceNetworkIdentifier"));
        await assertShared(resource, target, `service ${service.name}`);
        const services = state.serviceAssociations.get(target.arn) ?? new Set<string>();
        services.add(service.arn);
        state.serviceAssociations.set(target.arn, services);
        const id = hexId("snsa", [target.arn, service.arn]);
        const arn = arnOf(resource, `servicenetworkserviceassociation/${id}`);
        return {
          ref: arn,
          attributes: {
            Arn: arn,
            Id: id,
            ServiceArn: service.arn,
            ServiceId: service.id,
            ServiceName: service.name,
            ServiceNetworkArn: target.arn,
            ServiceNetworkId: target.id,
            ServiceNetworkName: target.name,
            "DnsEntry.DomainName": service.dnsName,
          },
        };
      },
    },
    {
      type: "AWS::VpcLattice::ServiceNetworkVpcAssociation",
      properties: ["ServiceNetworkIdentifier", "VpcIdentifier", "SecurityGroupIds", ...TAGS],
      async create(resource) {
        const { account } = resource.stack;
        const target = requireNetwork(resource, requiredText(resource, "ServiceNetworkIdentifier"));
        const vpcId = requiredText(resource, "VpcIdentifier");
        const vpc = network.requireVpc(vpcId, resourceLabel(resource));
        if (vpc.account !== account) {
          throw new AccountmeshError(
            "LATTICE_FOREIGN_VPC",
            `${resourceLabel(resource)}: VPC ${vpcId} belongs to account ${vpc.account}; an account associates only its own VPCs.`,
          );
        }
        await assertShared(resource, target, `VPC ${vpcId}`);
        const existing = state.vpcAssociations.get(vpcId);
        if (existing !== undefined) {
          throw new AccountmeshError(
            "LATTICE_VPC_ALREADY_ASSOCIATED",
            `${resourceLabel(resource)}: VPC ${vpcId} is already associated with ${existing.networkArn}; a VPC joins at most one service network.`,
          );
        }
        const id = hexId("snva", [target.arn, vpcId]);
        const arn = arnOf(resource, `servicenetworkvpcassociation/${id}`);
        state.vpcAssociations.set(vpcId, { arn, networkArn: target.arn, vpcId, account });
        return {
          ref: arn,
          attributes: {
            Arn: arn,
            Id: id,
            ServiceNetworkArn: target.arn,
            ServiceNetworkId: target.id,
            ServiceNetworkName: target.name,
            VpcId: vpcId,
          },
        };
      },
    },
    {
      type: "AWS::VpcLattice::AuthPolicy",
      properties: ["ResourceIdentifier", "Policy"],
      async create(resource) {
        const identifier = requiredText(resource, "ResourceIdentifier");
        const owner = state.service(identifier) ?? state.network(identifier);
        if (owner === undefined) {
          throw new AccountmeshError(
            "LATTICE_UNKNOWN_RESOURCE",
            `${resourceLabel(resource)}: ResourceIdentifier ${identifier} is no service or service network provisioned locally.`,
          );
        }
        const policy = resource.properties.Policy as PolicyDocument | undefined;
        if (policy === undefined || typeof policy !== "object" || policy.Statement === undefined) {
          throw new AccountmeshError(
            "LATTICE_INVALID_PROPERTY",
            `${resourceLabel(resource)}: Policy must be a policy document with Statement.`,
          );
        }
        state.authPolicies.set(owner.arn, policy);
        return { ref: owner.id, attributes: { State: owner.authType === "AWS_IAM" ? "Active" : "Inactive" } };
      },
    },
  ];
}
