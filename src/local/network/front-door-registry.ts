// Front doors, registered by the service plugins that own them and found by the network: the handler
// behind an interface VPC endpoint is chosen by the endpoint's service name (e.g.
// `com.amazonaws.eu-central-1.execute-api`), a load balancer listener by its load balancer and port,
// a public service by its host names, a loopback door by a direct port of its own. Target forwarding (a load balancer sending a request to an IP
// target) is decided here too, from who owns the target address in the VPC.
import { AccountmeshError } from "../../shared/errors.js";
import type { LocalHandler, LocalRequest, LocalResponse, NetworkSource } from "../http/http-types.js";
import type { TlsKeyPair } from "./certificate-authority.js";
import { interfaceEndpoint } from "./interface-endpoint.js";
import type { NetworkState, VpcEndpoint } from "./network-state.js";

/** The service behind interface endpoints of one endpoint service name. */
export interface EndpointServiceDoor {
  /** Requests that came through an endpoint of this service (`source.vpceId` is stamped). */
  readonly handler: LocalHandler;
  /** The TLS names an endpoint of this service answers to (e.g. `*.execute-api.<region>.amazonaws.com`). */
  tlsNames(endpoint: VpcEndpoint): readonly string[];
  /**
   * A customer endpoint service's ports (its network load balancers' TCP listeners), each carried as
   * plain TCP to the handler of that port; such a service serves nothing on 443 unless listed here.
   */
  ports?(): ReadonlyMap<number, LocalHandler>;
}

/** A workload's address (an ECS task, an EC2 instance run as a local process): what answers on each port. */
export interface WorkloadDoor {
  /** e.g. `ECS task 161616161616/DogNames/1` */
  readonly label: string;
  /** Task ARN or instance id (what instance targets name). */
  readonly id: string;
  readonly vpcId: string;
  readonly ip: string;
  /** Target groups the workload is registered with (ECS services, Auto Scaling groups), and on which port. */
  readonly targetGroups: readonly { readonly arn: string; readonly port: number }[];
  /** The handler of a port the workload listens on (undefined: connection refused). */
  at(port: number): LocalHandler | undefined;
}

/** A load balancer listener inside a VPC. */
export interface ListenerDoor {
  readonly loadBalancerArn: string;
  /** The listener's own ARN (what an API Gateway VPC link integration names). */
  readonly listenerArn?: string;
  /** `<account>/<stack>/<logical id>` of the load balancer. */
  readonly label: string;
  readonly dnsName: string;
  readonly vpcId: string;
  readonly port: number;
  readonly tls: boolean;
  readonly handler: LocalHandler;
  /** The listener's certificate (TLS listeners). */
  keyPair?(): Promise<TlsKeyPair>;
}

/** A service reachable by public host names (from outside every VPC, and from VPCs where no private name shadows them). */
export interface PublicDoor {
  /** For messages, e.g. `API Gateway (public endpoints)`. */
  readonly name: string;
  matches(host: string): boolean;
  /** Matches only names of resources it knows (one API's host): asked before catch-all doors. */
  readonly specific?: boolean;
  readonly port: number;
  /** The names its certificate carries; none: plain HTTP (e.g. CloudFront's port 80). */
  readonly tlsNames: readonly string[];
  readonly handler: LocalHandler;
}

/**
 * A front door with a direct loopback port of its own, reached without any proxy: connecting there is
 * being outside every VPC (the internet), e.g. a public REST API at `http://127.0.0.1:<port>/<stage>/`.
 */
export interface LoopbackDoor {
  /** Names the door in messages and orders the ports (e.g. `<account>/<api name>`). */
  readonly label: string;
  /** Requests on the port; the door stamps whatever the port stands for (Host, protocol). */
  readonly handler: LocalHandler;
  /** Told the port's base URL (`http://127.0.0.1:<port>`) once it listens; start-up waits for it. */
  listening?(url: string): void | Promise<void>;
}

/** One listener of a service reached through a service network (VPC Lattice): its DNS name and port. */
export interface ServiceNetworkListener {
  /** The service's DNS name, lower case (it resolves everywhere, to link-local addresses). */
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Requests from a VPC that may reach the service (`source.vpc` is the client's VPC). */
  readonly handler: LocalHandler;
  /** For messages, e.g. `VPC Lattice service shared-service:80`. */
  readonly label: string;
}

/** Whether a VPC reaches a name of a service network (undefined: the name is none of the door's). */
export type ServiceNetworkReach =
  | undefined
  | { readonly reachable: true }
  | { readonly reachable: false; readonly message: string };

/**
 * Services reached through service networks (VPC Lattice): their names resolve in every VPC, but only
 * a VPC associated with a network that carries the service reaches them.
 */
export interface ServiceNetworkDoor {
  readonly name: string;
  listeners(): readonly ServiceNetworkListener[];
  reach(vpcId: string | undefined, host: string): ServiceNetworkReach;
}

/** Thrown when a load balancer forwards to an address that serves nothing locally. */
export class TargetUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetUnreachableError";
  }
}

/** Thrown when a load balancer has no target that accepts the connection (ELB answers 503 for it). */
export class NoHealthyTargetError extends TargetUnreachableError {
  constructor(message: string) {
    super(message);
    this.name = "NoHealthyTargetError";
  }
}

export class FrontDoorRegistry {
  readonly #network: NetworkState;
  readonly #endpointServices = new Map<string, EndpointServiceDoor>();
  readonly #listeners = new Map<string, ListenerDoor>();
  readonly #public: PublicDoor[] = [];
  readonly #loopback: LoopbackDoor[] = [];
  readonly #endpointHandlers = new Map<string, LocalHandler>();
  readonly #serviceNetworks: ServiceNetworkDoor[] = [];
  readonly #workloads = new Map<string, WorkloadDoor>();

  constructor(network: NetworkState) {
    this.#network = network;
  }

  /** The service behind every interface endpoint whose ServiceName is `serviceName`. */
  serveEndpointService(serviceName: string, door: EndpointServiceDoor): void {
    if (this.#endpointServices.has(serviceName)) {
      throw new AccountmeshError(
        "DUPLICATE_FRONT_DOOR",
        `Two services registered the endpoint service ${serviceName}; register it once.`,
        { serviceName },
      );
    }
    this.#endpointServices.set(serviceName, door);
  }

  /** What answers at the address of the network interface `interfaceId` (a workload's). */
  serveWorkload(interfaceId: string, door: WorkloadDoor): void {
    this.#workloads.set(interfaceId, door);
  }

  /** The workload at `interfaceId` is gone (deregistered from its target groups). */
  stopServing(interfaceId: string): void {
    this.#workloads.delete(interfaceId);
  }

  /** Workloads registered with a target group (what ECS and Auto Scaling register), with their ports. */
  workloadsIn(targetGroupArn: string): { readonly door: WorkloadDoor; readonly port: number }[] {
    return [...this.#workloads.values()].flatMap((door) =>
      door.targetGroups
        .filter((group) => group.arn === targetGroupArn)
        .map((group) => ({ door, port: group.port })),
    );
  }

  /** The workload whose task ARN or instance id is `id`. */
  workload(id: string): WorkloadDoor | undefined {
    return [...this.#workloads.values()].find((door) => door.id === id);
  }

  /** The listener door whose listener ARN is `listenerArn` (API Gateway VPC links integrate with listeners). */
  listenerByArn(listenerArn: string): ListenerDoor | undefined {
    return [...this.#listeners.values()].find((door) => door.listenerArn === listenerArn);
  }

  serveListener(door: ListenerDoor): void {
    this.#listeners.set(listenerKey(door.loadBalancerArn, door.port), door);
  }

  servePublic(door: PublicDoor): void {
    this.#public.push(door);
  }

  /** A door with its own loopback port (served after every plugin is ready: register in `ready()`). */
  serveLoopback(door: LoopbackDoor): void {
    this.#loopback.push(door);
  }

  /** Services reached through service networks (VPC Lattice); register in `ready()`. */
  serveServiceNetworks(door: ServiceNetworkDoor): void {
    this.#serviceNetworks.push(door);
  }

  serviceNetworkDoors(): readonly ServiceNetworkDoor[] {
    return this.#serviceNetworks;
  }

  /** Every load balancer listener reached by its ARN and port (e.g. a Lattice ALB target). */
  listenerHandler(loadBalancerArn: string, port: number): LocalHandler | undefined {
    return this.#listeners.get(listenerKey(loadBalancerArn, port))?.handler;
  }

  /** Every loopback door, in a stable order (label). */
  loopbackDoors(): readonly LoopbackDoor[] {
    return [...this.#loopback].sort((a, b) => a.label.localeCompare(b.label));
  }

  endpointService(serviceName: string): EndpointServiceDoor | undefined {
    return this.#endpointServices.get(serviceName);
  }

  listener(loadBalancerArn: string, port: number): ListenerDoor | undefined {
    return this.#listeners.get(listenerKey(loadBalancerArn, port));
  }

  /** Every listener, in a stable order (load balancer label, then port). */
  listeners(): readonly ListenerDoor[] {
    return [...this.#listeners.values()].sort((a, b) => a.label.localeCompare(b.label) || a.port - b.port);
  }

  publicDoors(): readonly PublicDoor[] {
    return this.#public;
  }

  /**
   * The public door of `host`: among the doors that serve it, one that names it specifically before
   * a wildcard one, and the one on `port` when several do (CloudFront on 80 and 443); else the first
   * (whose port then tells the caller what is open).
   */
  publicDoorFor(host: string, port?: number): PublicDoor | undefined {
    const doors = this.#public.filter((door) => door.matches(host));
    const ranked = [
      ...doors.filter((door) => door.specific === true),
      ...doors.filter((door) => door.specific !== true),
    ];
    return ranked.find((door) => door.port === port) ?? ranked[0];
  }

  /**
   * What an interface endpoint serves on `port`: its service's handler, with the endpoint's id stamped
   * (443 for AWS services; a customer service's NLB listener ports). A pending endpoint carries nothing.
   */
  endpointHandler(endpoint: VpcEndpoint, port = 443): LocalHandler {
    const key = `${endpoint.id}:${port}`;
    let handler = this.#endpointHandlers.get(key);
    if (handler === undefined) {
      const door = this.#endpointServices.get(endpoint.serviceName);
      const service = door?.ports === undefined ? door?.handler : door.ports().get(port);
      handler = interfaceEndpoint(endpoint, service);
      this.#endpointHandlers.set(key, handler);
    }
    return handler;
  }

  /**
   * A load balancer node `fromIp` in `vpcId` sends `request` to the target `ip:port`: whoever owns
   * that address in the VPC answers (an interface endpoint, a workload, another load balancer's
   * listener). Throws TargetUnreachableError when nothing local serves it (connection refused).
   */
  async forward(
    vpcId: string,
    ip: string,
    port: number,
    fromIp: string,
    request: LocalRequest,
  ): Promise<LocalResponse> {
    const vpc = this.#network.vpcs.get(vpcId);
    const source: NetworkSource = {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: fromIp,
      via: [...request.source.via, `target ${ip}:${port}`],
    };
    const handler = this.handlerAt(vpcId, ip, port);
    return handler({ ...request, source });
  }

  /** Who answers `ip:port` inside `vpcId` (throws TargetUnreachableError: connection refused). */
  handlerAt(vpcId: string, ip: string, port: number): LocalHandler {
    const nic = this.#network.interfaceAt(vpcId, ip);
    const refused = (why: string) => new TargetUnreachableError(`target ${ip}:${port} in ${vpcId} is ${why}`);
    if (nic === undefined) throw refused("no address of the VPC");
    const { owner } = nic;
    if (owner.kind === "vpc-endpoint") {
      const endpoint = this.#network.endpoints.get(owner.id);
      const door = endpoint === undefined ? undefined : this.#endpointServices.get(endpoint.serviceName);
      const servesPort = door?.ports === undefined ? port === 443 : door.ports().has(port);
      if (endpoint === undefined || !servesPort) {
        throw refused(`${nic.description}, which serves nothing on port ${port} locally`);
      }
      if ((endpoint.state ?? "available") !== "available") {
        throw refused(
          `${nic.description}, whose connection to ${endpoint.serviceName} is ${endpoint.state} (it carries no traffic until the service owner accepts it)`,
        );
      }
      return this.endpointHandler(endpoint, port);
    }
    if (owner.kind === "workload") {
      const handler = this.#workloads.get(nic.id)?.at(port);
      if (handler === undefined)
        throw refused(`${nic.description}, which does not listen on port ${port} (connection refused)`);
      return handler;
    }
    if (owner.kind === "load-balancer") {
      const door = this.listener(owner.arn, port);
      if (door === undefined) throw refused(`${nic.description}, which has no listener on port ${port}`);
      return door.handler;
    }
    throw refused(`${nic.description}, which accepts no connections`);
  }
}

function listenerKey(loadBalancerArn: string, port: number): string {
  return `${loadBalancerArn} ${port}`;
}
