// Resource providers for AWS::VpcLattice::* : ids and ARNs in AWS's formats (`sn-`, `svc-`, `tg-`,
// `listener-`, `rule-` + 17 hex digits) and the service's generated DNS name; the associations and
// auth policies are in lattice-association-providers.ts.
// Source: AWS CloudFormation resource reference, AWS::VpcLattice::* (Ref and Fn::GetAtt).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  optionalText,
  requiredText,
  resourceLabel,
  wholeNumber,
} from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import { readAction, readMatch } from "./lattice-actions.js";
import { createAssociationProviders } from "./lattice-association-providers.js";
import {
  arnOf,
  authType,
  hexId,
  type LatticeProviderDeps,
  latticeLookups,
  latticeName,
  TAGS,
} from "./lattice-provider-support.js";
import type { TargetGroupType } from "./lattice-state.js";

export type { LatticeProviderDeps };

export function createLatticeProviders(deps: LatticeProviderDeps): ResourceProvider[] {
  const { state } = deps;
  const { requireService } = latticeLookups(deps);
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
    ...createAssociationProviders(deps),
  ];
}
