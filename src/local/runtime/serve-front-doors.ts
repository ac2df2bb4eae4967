// The servers of a running system, from the front doors the services registered: one TLS service per
// load balancer listener, per interface VPC endpoint and per public door; one entry-point proxy per
// VPC (plus one outside every VPC); a direct loopback port per listener and per loopback door. Where a connection goes is
// decided by the network model (reachability), never by what the client says.

import {
  type Acceptor,
  createService,
  type Listening,
  listenDirect,
  listenProxy,
  type ProxyRoute,
} from "../gateway/server.js";
import type { NetworkSource } from "../http/http-types.js";
import type { CertificateStore } from "../network/certificate-store.js";
import type {
  FrontDoorRegistry,
  ListenerDoor,
  LoopbackDoor,
  PublicDoor,
  ServiceNetworkListener,
} from "../network/front-door-registry.js";
import type { NetworkState, Vpc } from "../network/network-state.js";
import { findDestination } from "../network/reachability.js";

/** The address a client outside every VPC has (TEST-NET-2): entry point outside every VPC, loopback doors. */
const INTERNET_CLIENT_IP = "198.51.100.10";

export interface PortPlan {
  /** Port of the n-th VPC entry point (VPCs sorted by name); 0 picks a free port. */
  proxy(n: number): number;
  /** Port of the entry point outside every VPC. */
  internet: number;
  /** Direct port of the n-th load balancer listener. */
  listener(n: number): number;
  /** Direct port of the n-th loopback door (e.g. a public REST API). */
  loopback(n: number): number;
}

export interface ServedListener {
  readonly door: ListenerDoor;
  /** `http(s)://127.0.0.1:<port>`: connecting here is being inside the load balancer's VPC. */
  readonly url: string;
}

export interface ServedFrontDoors {
  readonly proxies: ReadonlyMap<string, string>; // vpc id → proxy URL
  readonly internetProxy: string;
  readonly listeners: readonly ServedListener[];
  /** `http://127.0.0.1:<port>` of each loopback door. */
  readonly loopbacks: readonly { readonly door: LoopbackDoor; readonly url: string }[];
  close(): Promise<void>;
}

export async function serveFrontDoors(
  deps: {
    readonly network: NetworkState;
    readonly doors: FrontDoorRegistry;
    readonly certificates: CertificateStore;
  },
  ports: PortPlan,
): Promise<ServedFrontDoors> {
  const { network, doors, certificates } = deps;
  const closers: Array<{ close(): void }> = [];
  const listening: Listening[] = [];
  const serve = (acceptor: Acceptor & { close(): void }) => {
    closers.push(acceptor);
    return acceptor;
  };

  const endpointServices = new Map<string, Acceptor>();
  for (const endpoint of network.endpoints.values()) {
    if (endpoint.type !== "Interface") continue;
    const service = doors.endpointService(endpoint.serviceName);
    if (service?.ports !== undefined) {
      // A customer endpoint service: plain TCP on its load balancers' listener ports.
      for (const port of service.ports().keys()) {
        endpointServices.set(
          `${endpoint.id}:${port}`,
          serve(createService(doors.endpointHandler(endpoint, port))),
        );
      }
      continue;
    }
    const names = service?.tlsNames(endpoint) ?? (endpoint.dnsName === undefined ? [] : [endpoint.dnsName]);
    const tls = await certificates.issue(names.length > 0 ? names : [`${endpoint.id}.vpce.amazonaws.com`]);
    endpointServices.set(`${endpoint.id}:443`, serve(createService(doors.endpointHandler(endpoint), tls)));
  }

  const listenerServices = new Map<ListenerDoor, Acceptor>();
  const served: ServedListener[] = [];
  for (const [index, door] of doors.listeners().entries()) {
    const service = serve(createService(door.handler, door.tls ? await door.keyPair?.() : undefined));
    listenerServices.set(door, service);
    const vpc = network.vpcs.get(door.vpcId);
    const direct = await listenDirect(ports.listener(index), service, {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: vpc?.clientIp ?? "0.0.0.0",
      via: [`direct port of ${door.label}:${door.port}`],
    });
    listening.push(direct);
    served.push({ door, url: `${door.tls ? "https" : "http"}://127.0.0.1:${direct.port}` });
  }

  const loopbacks: { door: LoopbackDoor; url: string }[] = [];
  for (const [index, door] of doors.loopbackDoors().entries()) {
    const direct = await listenDirect(ports.loopback(index), serve(createService(door.handler)), {
      sourceIp: INTERNET_CLIENT_IP,
      via: [`direct port of ${door.label}`],
    });
    listening.push(direct);
    const url = `http://127.0.0.1:${direct.port}`;
    loopbacks.push({ door, url });
    await door.listening?.(url);
  }

  const publicServices = new Map<PublicDoor, Acceptor>();
  for (const door of doors.publicDoors()) {
    const tls = door.tlsNames.length === 0 ? undefined : await certificates.issue(door.tlsNames);
    publicServices.set(door, serve(createService(door.handler, tls)));
  }

  const serviceNetworkServices = new Map<ServiceNetworkListener, Acceptor>();
  for (const door of doors.serviceNetworkDoors()) {
    for (const listener of door.listeners()) {
      const tls = listener.tls ? await certificates.issue([listener.host]) : undefined;
      serviceNetworkServices.set(listener, serve(createService(listener.handler, tls)));
    }
  }

  const route = (vpc: Vpc | undefined, host: string, port: number): ProxyRoute => {
    const destination = findDestination(network, doors, vpc?.id, host, port);
    const source: NetworkSource = {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: vpc?.clientIp ?? INTERNET_CLIENT_IP,
      via: [vpc === undefined ? "entry point outside every VPC" : `entry point of ${vpc.name}`],
    };
    const acceptor =
      destination.kind === "listener"
        ? listenerServices.get(destination.door)
        : destination.kind === "vpc-endpoint"
          ? endpointServices.get(`${destination.endpoint.id}:${destination.port}`)
          : destination.kind === "public"
            ? publicServices.get(destination.door)
            : destination.kind === "service-network"
              ? serviceNetworkServices.get(destination.listener)
              : undefined;
    if (destination.kind === "refused") {
      return { ok: false, status: 502, message: destination.message };
    }
    return acceptor === undefined
      ? { ok: false, status: 502, message: `${host}:${port} accepts no connections.` }
      : { ok: true, acceptor, source };
  };

  const proxies = new Map<string, string>();
  const vpcs = [...network.vpcs.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const [index, vpc] of vpcs.entries()) {
    const proxy = await listenProxy(ports.proxy(index), (host, port) => route(vpc, host, port));
    listening.push(proxy);
    proxies.set(vpc.id, `http://127.0.0.1:${proxy.port}`);
  }
  const internet = await listenProxy(ports.internet, (host, port) => route(undefined, host, port));
  listening.push(internet);

  return {
    proxies,
    internetProxy: `http://127.0.0.1:${internet.port}`,
    listeners: served,
    loopbacks,
    async close() {
      for (const closer of closers) closer.close();
      await Promise.all(listening.map((l) => l.close()));
    },
  };
}
