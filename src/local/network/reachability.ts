// Where does a connection to host:port go, made from inside a VPC (or from outside every VPC)?
// Name resolution follows the VPC's private hosted zones, then public names; an address is
// reachable only inside its own VPC (no peering, no transit gateway locally).
import type { Listener, LoadBalancer, LoadBalancerState } from "./load-balancers.js";
import type { NetworkState, VpcEndpoint } from "./network-state.js";

export type Destination =
  | {
      readonly kind: "load-balancer";
      readonly loadBalancer: LoadBalancer;
      readonly listener: Listener;
      readonly ip: string;
    }
  | {
      readonly kind: "vpc-endpoint";
      readonly endpoint: VpcEndpoint;
      readonly port: number;
      readonly ip: string;
    }
  /** A public AWS service hostname, e.g. `<api>.execute-api.<region>.amazonaws.com`. */
  | {
      readonly kind: "public-service";
      readonly service: "execute-api";
      readonly region: string;
      readonly port: number;
    };

export interface Refusal {
  readonly kind: "refused";
  /** NXDOMAIN: the name does not resolve here; unreachable: no route to its address; closed: nothing listens on the port. */
  readonly reason: "NXDOMAIN" | "unreachable" | "closed";
  readonly message: string;
}

const PUBLIC_EXECUTE_API = /^[a-z0-9]{10}\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function findDestination(
  network: NetworkState,
  loadBalancers: LoadBalancerState,
  fromVpcId: string | undefined,
  host: string,
  port: number,
): Destination | Refusal {
  const name = host.toLowerCase().replace(/\.$/, "");
  const from = fromVpcId === undefined ? "outside every VPC" : `in ${fromVpcId}`;
  const addresses = IPV4.test(name) ? [name] : network.resolve(fromVpcId, name);
  if (addresses.length === 0) {
    const publicApi = PUBLIC_EXECUTE_API.exec(name);
    if (publicApi?.[1] !== undefined) {
      return { kind: "public-service", service: "execute-api", region: publicApi[1], port };
    }
    return { kind: "refused", reason: "NXDOMAIN", message: `${name} does not resolve ${from}.` };
  }
  for (const ip of addresses) {
    const nic = fromVpcId === undefined ? undefined : network.interfaceAt(fromVpcId, ip);
    if (nic === undefined) {
      continue;
    }
    if (nic.owner.kind === "load-balancer") {
      const loadBalancer = loadBalancers.loadBalancers.get(nic.owner.arn);
      const listener =
        loadBalancer === undefined ? undefined : loadBalancers.listenerAt(loadBalancer.arn, port);
      if (loadBalancer !== undefined && listener !== undefined) {
        return { kind: "load-balancer", loadBalancer, listener, ip };
      }
      return {
        kind: "refused",
        reason: "closed",
        message: `${name} (${ip}) has no listener on port ${port}.`,
      };
    }
    if (nic.owner.kind === "vpc-endpoint") {
      const endpoint = network.endpoints.get(nic.owner.id);
      if (endpoint !== undefined && port === 443) {
        return { kind: "vpc-endpoint", endpoint, port, ip };
      }
      return { kind: "refused", reason: "closed", message: `${name} (${ip}) accepts only port 443.` };
    }
    return { kind: "refused", reason: "closed", message: `${name} (${ip}) accepts no connections.` };
  }
  return {
    kind: "refused",
    reason: "unreachable",
    message: `${name} resolves to ${addresses.join(", ")}, which is not reachable ${from} (private addresses are reachable only inside their VPC).`,
  };
}
