// VPC Lattice: service networks, services, listeners and rules, target groups, associations and auth
// policies from the templates; each service listener a front door that the local network routes to
// from the VPCs associated with a service network carrying the service (its DNS name resolves
// everywhere, to link-local addresses, and routes nowhere else). Sharing a network with another
// account is RAM's business: asked in-process (GetShareVerdict) when an association is provisioned.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createLatticeFrontDoor } from "./lattice-front-door.js";
import { createLatticeProviders } from "./lattice-providers.js";
import { LatticeState } from "./lattice-state.js";
import { targetKinds } from "./lattice-targets.js";

export const vpcLatticePlugin: ServicePlugin = {
  name: "vpc-lattice",
  start(platform) {
    const state = new LatticeState();
    const { frontDoors } = platform;
    return {
      providers: createLatticeProviders({
        state,
        network: platform.network,
        async whyNotShared(network, account, region) {
          if (network.account === account) return undefined;
          const verdict = await platform.aws.call(
            {
              caller: { principal: { kind: "root", account, arn: `arn:aws:iam::${account}:root` }, account },
              region,
            },
            "ram",
            "GetShareVerdict",
            { resourceArn: network.arn },
          );
          return verdict.shared === true ? undefined : String(verdict.reason);
        },
      }),
      unsupported() {
        return [...state.targetGroups.values()]
          .filter((group) => targetKinds[group.type] === undefined)
          .map((group) => ({
            kind: "property" as const,
            name: `AWS::VpcLattice::TargetGroup.Type ${group.type}`,
            where: group.name,
            count: 1,
            detail: "requests routed to it are answered 503 until the runtime serves this target type",
          }));
      },
      ready() {
        const deps = {
          state,
          callers: platform.callers,
          aws: platform.aws,
          log: (line: string) => platform.log(line),
          onServerError: platform.onServerError,
          authPolicy: (arn: string) => state.authPolicies.get(arn),
          identityPolicies: platform.iam.identityPoliciesFor.bind(platform.iam),
          listenerHandler: frontDoors.listenerHandler.bind(frontDoors),
          now: () => new Date(),
        };
        const listeners = [...state.listeners.values()].flatMap((listener) => {
          const service = state.services.get(listener.serviceArn);
          return service === undefined
            ? []
            : [
                {
                  host: service.dnsName,
                  port: listener.port,
                  tls: listener.protocol === "HTTPS",
                  handler: createLatticeFrontDoor(deps, service, listener),
                  label: `VPC Lattice service ${service.name}:${listener.port}`,
                },
              ];
        });
        frontDoors.serveServiceNetworks({
          name: "VPC Lattice",
          listeners: () => listeners,
          reach(vpcId, host) {
            const service = state.serviceByDnsName(host);
            if (service === undefined) return undefined;
            if (state.networkFor(vpcId, service) !== undefined) return { reachable: true };
            const association = vpcId === undefined ? undefined : state.vpcAssociations.get(vpcId);
            return {
              reachable: false,
              message: `${host} resolves to a VPC Lattice link-local address (169.254.171.0/24), which ${
                vpcId === undefined
                  ? "a client outside every VPC cannot reach: only VPCs associated with a service network that carries the service can"
                  : association === undefined
                    ? `VPC ${vpcId} cannot reach: the VPC is associated with no service network`
                    : `VPC ${vpcId} cannot reach: its service network ${association.networkArn} does not carry service ${service.name}`
              }.`,
            };
          },
        });
      },
      endpoints() {
        return {
          latticeServices: Object.fromEntries(
            [...state.services.values()].map((s) => [
              s.label,
              { name: s.name, arn: s.arn, dnsName: s.dnsName, authType: s.authType },
            ]),
          ),
        };
      },
    };
  },
};
