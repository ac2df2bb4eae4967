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
}

/** A load balancer listener inside a VPC. */
export interface ListenerDoor {
  readonly loadBalancerArn: string;
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
  /** Told the port's base URL (`http://127.0.0.1:<port>`) once it listens. */
  listening?(url: string): void;
}

/** Thrown when a load balancer forwards to an address that serves nothing locally. */
export class TargetUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetUnreachableError";
  }
}

export class FrontDoorRegistry {
  readonly #network: NetworkState;
  readonly #endpointServices = new Map<string, EndpointServiceDoor>();
  readonly #listeners = new Map<string, ListenerDoor>();
  readonly #public: PublicDoor[] = [];
  readonly #loopback: LoopbackDoor[] = [];
  readonly #endpointHandlers = new Map<string, LocalHandler>();

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
   * The public door of `host`: the one on `port` when several serve the host (CloudFront on 80 and
   * 443), else the first that serves it (whose port then tells the caller what is open).
   */
  publicDoorFor(host: string, port?: number): PublicDoor | undefined {
    const doors = this.#public.filter((door) => door.matches(host));
    return doors.find((door) => door.port === port) ?? doors[0];
  }

  /** What an interface endpoint serves: its service's handler, with the endpoint's id stamped. */
  endpointHandler(endpoint: VpcEndpoint): LocalHandler {
    let handler = this.#endpointHandlers.get(endpoint.id);
    if (handler === undefined) {
      handler = interfaceEndpoint(endpoint, this.#endpointServices.get(endpoint.serviceName)?.handler);
      this.#endpointHandlers.set(endpoint.id, handler);
    }
    return handler;
  }

  /**
   * A load balancer node `fromIp` in `vpcId` sends `request` to the IP target `ip:port`: whoever owns
   * that address in the VPC answers. Throws TargetUnreachableError when nothing local serves it.
   */
  async forward(
    vpcId: string,
    ip: string,
    port: number,
    fromIp: string,
    request: LocalRequest,
  ): Promise<LocalResponse> {
    const nic = this.#network.interfaceAt(vpcId, ip);
    const endpoint =
      nic?.owner.kind === "vpc-endpoint" ? this.#network.endpoints.get(nic.owner.id) : undefined;
    if (endpoint === undefined || port !== 443) {
      throw new TargetUnreachableError(
        `target ${ip}:${port} in ${vpcId} is ${nic === undefined ? "no address of the VPC" : `${nic.description}, which serves nothing on port ${port} locally`}`,
      );
    }
    const vpc = this.#network.vpcs.get(vpcId);
    const source: NetworkSource = {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: fromIp,
      via: [...request.source.via, `target ${ip}`],
    };
    return this.endpointHandler(endpoint)({ ...request, source });
  }
}

function listenerKey(loadBalancerArn: string, port: number): string {
  return `${loadBalancerArn} ${port}`;
}
