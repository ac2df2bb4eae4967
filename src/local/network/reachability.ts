// Where does a connection to host:port go, made from inside a VPC (or from outside every VPC)?
// Name resolution follows the VPC's private hosted zones, then public names; an address is
// reachable only inside its own VPC (no peering, no transit gateway locally). What answers at an
// address is a front door some service registered (listener, endpoint service, public names).
import type {
  EndpointServiceDoor,
  FrontDoorRegistry,
  ListenerDoor,
  PublicDoor,
  ServiceNetworkListener,
} from "./front-door-registry.js";
import type { NetworkState, VpcEndpoint } from "./network-state.js";

export type Destination =
  | { readonly kind: "listener"; readonly door: ListenerDoor; readonly ip: string }
  | {
      readonly kind: "vpc-endpoint";
      readonly endpoint: VpcEndpoint;
      /** The service behind the endpoint, if any serves it locally. */
      readonly service: EndpointServiceDoor | undefined;
      readonly port: number;
      readonly ip: string;
    }
  /** A public service host name, e.g. `<api>.execute-api.<region>.amazonaws.com`. */
  | { readonly kind: "public"; readonly door: PublicDoor; readonly port: number }
  /** A service reached through the VPC's service network (VPC Lattice). */
  | { readonly kind: "service-network"; readonly listener: ServiceNetworkListener };

export interface Refusal {
  readonly kind: "refused";
  /** NXDOMAIN: the name does not resolve here; unreachable: no route to its address; closed: nothing listens on the port. */
  readonly reason: "NXDOMAIN" | "unreachable" | "closed";
  readonly message: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function findDestination(
  network: NetworkState,
  doors: FrontDoorRegistry,
  fromVpcId: string | undefined,
  host: string,
  port: number,
): Destination | Refusal {
  const name = host.toLowerCase().replace(/\.$/, "");
  const from = fromVpcId === undefined ? "outside every VPC" : `in ${fromVpcId}`;
  for (const door of doors.serviceNetworkDoors()) {
    const reach = door.reach(fromVpcId, name);
    if (reach === undefined) continue;
    if (!reach.reachable) return { kind: "refused", reason: "unreachable", message: reach.message };
    const listener = door.listeners().find((l) => l.host === name && l.port === port);
    return listener === undefined
      ? { kind: "refused", reason: "closed", message: `${name} has no listener on port ${port}.` }
      : { kind: "service-network", listener };
  }
  const addresses = IPV4.test(name) ? [name] : network.resolve(fromVpcId, name);
  if (addresses.length === 0) {
    const door = doors.publicDoorFor(name, port);
    if (door !== undefined) {
      return door.port === port
        ? { kind: "public", door, port }
        : { kind: "refused", reason: "closed", message: `${name} accepts only port ${door.port}.` };
    }
    return { kind: "refused", reason: "NXDOMAIN", message: `${name} does not resolve ${from}.` };
  }
  for (const ip of addresses) {
    const nic = fromVpcId === undefined ? undefined : network.interfaceAt(fromVpcId, ip);
    if (nic === undefined) {
      continue;
    }
    if (nic.owner.kind === "load-balancer") {
      const door = doors.listener(nic.owner.arn, port);
      if (door !== undefined) {
        return { kind: "listener", door, ip };
      }
      return {
        kind: "refused",
        reason: "closed",
        message: `${name} (${ip}) has no listener on port ${port}.`,
      };
    }
    if (nic.owner.kind === "vpc-endpoint") {
      const endpoint = network.endpoints.get(nic.owner.id);
      const service = endpoint === undefined ? undefined : doors.endpointService(endpoint.serviceName);
      const ports = service?.ports === undefined ? [443] : [...service.ports().keys()];
      if (endpoint !== undefined && ports.includes(port)) {
        return { kind: "vpc-endpoint", endpoint, service, port, ip };
      }
      return {
        kind: "refused",
        reason: "closed",
        message: `${name} (${ip}) accepts only port${ports.length === 1 ? "" : "s"} ${ports.join(", ")}.`,
      };
    }
    return { kind: "refused", reason: "closed", message: `${name} (${ip}) accepts no connections.` };
  }
  return {
    kind: "refused",
    reason: "unreachable",
    message: `${name} resolves to ${addresses.join(", ")}, which is not reachable ${from} (private addresses are reachable only inside their VPC).`,
  };
}
