// The servers of a running system: one TLS service per load balancer listener, per interface VPC
// endpoint and for the public execute-api names; one entry-point proxy per VPC (plus one outside
// every VPC); a direct loopback port per listener. Connections are routed by the network model.
import { createAlbFrontDoor, errorPage } from "../gateway/alb/alb-front-door.js";
import {
  type Acceptor,
  createService,
  type Listening,
  listenDirect,
  listenProxy,
  type ProxyRoute,
} from "../gateway/server.js";
import { createVpcEndpointFrontDoor } from "../gateway/vpc-endpoint.js";
import type { LocalHandler, LocalRequest, NetworkSource } from "../http/http-types.js";
import type { CertificateStore } from "../network/certificate-providers.js";
import type { LoadBalancer, LoadBalancerState } from "../network/load-balancers.js";
import type { NetworkState, Vpc } from "../network/network-state.js";
import { findDestination } from "../network/reachability.js";

export interface FrontDoorDeps {
  readonly network: NetworkState;
  readonly loadBalancers: LoadBalancerState;
  readonly certificates: CertificateStore;
  /** API Gateway: requests through an execute-api VPC endpoint, and requests to public execute-api names. */
  readonly executeApi: { readonly privateEndpoint: LocalHandler; readonly publicEndpoint: LocalHandler };
}

export interface PortPlan {
  /** Port of the n-th VPC entry point (VPCs sorted by name); 0 picks a free port. */
  proxy(n: number): number;
  /** Port of the entry point outside every VPC. */
  internet: number;
  /** Direct port of the n-th load balancer listener. */
  listener(n: number): number;
}

export interface ServedFrontDoors {
  readonly proxies: ReadonlyMap<string, string>; // vpc id → proxy URL
  readonly internetProxy: string;
  readonly listeners: ReadonlyMap<
    string,
    { readonly loadBalancer: LoadBalancer; readonly port: number; readonly url: string }
  >;
  close(): Promise<void>;
}

export async function serveFrontDoors(deps: FrontDoorDeps, ports: PortPlan): Promise<ServedFrontDoors> {
  const { network, loadBalancers, certificates } = deps;
  const closers: Array<{ close(): void }> = [];
  const listening: Listening[] = [];

  const endpointHandlers = new Map<string, LocalHandler>();
  const endpointServices = new Map<string, Acceptor>();
  for (const endpoint of network.endpoints.values()) {
    if (endpoint.type !== "Interface") continue;
    const service = endpoint.serviceName.endsWith(".execute-api")
      ? deps.executeApi.privateEndpoint
      : undefined;
    const handler = createVpcEndpointFrontDoor(endpoint, service);
    endpointHandlers.set(endpoint.id, handler);
    const names = [
      `*.execute-api.${endpoint.region}.vpce.amazonaws.com`,
      `*.execute-api.${endpoint.region}.amazonaws.com`,
    ];
    const tls = createService(handler, await certificates.issue(names));
    endpointServices.set(endpoint.id, tls);
    closers.push(tls);
  }

  const forward = async (vpcId: string, ip: string, _port: number, fromIp: string, request: LocalRequest) => {
    const nic = network.interfaceAt(vpcId, ip);
    const handler = nic?.owner.kind === "vpc-endpoint" ? endpointHandlers.get(nic.owner.id) : undefined;
    if (handler === undefined) {
      return errorPage(502, "Bad Gateway");
    }
    const vpc = network.vpcs.get(vpcId);
    const source: NetworkSource = {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: fromIp,
      via: [...request.source.via, `target ${ip}`],
    };
    return handler({ ...request, source });
  };

  const listenerServices = new Map<string, Acceptor>();
  const served = new Map<string, { loadBalancer: LoadBalancer; port: number; url: string }>();
  let listenerIndex = 0;
  const sortedLoadBalancers = [...loadBalancers.loadBalancers.values()].sort((a, b) =>
    a.label.localeCompare(b.label),
  );
  for (const loadBalancer of sortedLoadBalancers) {
    for (const listener of loadBalancers.listenersOf(loadBalancer.arn).sort((a, b) => a.port - b.port)) {
      const handler = createAlbFrontDoor({ loadBalancers, forward }, loadBalancer, listener);
      const tls =
        listener.protocol === "HTTPS"
          ? await certificates.keyPair(
              listener.certificateArns[0] ?? "",
              namesPointingAt(network, loadBalancer),
            )
          : undefined;
      const service = createService(handler, tls);
      listenerServices.set(listener.arn, service);
      closers.push(service);
      const vpc = network.vpcs.get(loadBalancer.vpcId);
      const direct = await listenDirect(ports.listener(listenerIndex++), service, {
        ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
        sourceIp: vpc?.clientIp ?? "0.0.0.0",
        via: [`direct port of ${loadBalancer.label}:${listener.port}`],
      });
      listening.push(direct);
      const scheme = listener.protocol === "HTTPS" ? "https" : "http";
      served.set(listener.arn, {
        loadBalancer,
        port: listener.port,
        url: `${scheme}://127.0.0.1:${direct.port}`,
      });
    }
  }

  const regions = new Set([...network.vpcs.values()].map((v) => v.region));
  const publicService = createService(
    deps.executeApi.publicEndpoint,
    await certificates.issue([...regions].map((r) => `*.execute-api.${r}.amazonaws.com`)),
  );
  closers.push(publicService);

  const route = (vpc: Vpc | undefined, host: string, port: number): ProxyRoute => {
    const destination = findDestination(network, loadBalancers, vpc?.id, host, port);
    const source: NetworkSource = {
      ...(vpc === undefined ? {} : { vpc: { id: vpc.id, account: vpc.account } }),
      sourceIp: vpc?.clientIp ?? "198.51.100.10",
      via: [vpc === undefined ? "entry point outside every VPC" : `entry point of ${vpc.name}`],
    };
    switch (destination.kind) {
      case "refused":
        return { ok: false, status: 502, message: destination.message };
      case "load-balancer": {
        const acceptor = listenerServices.get(destination.listener.arn);
        return acceptor === undefined ? refusedPort(host, port) : { ok: true, acceptor, source };
      }
      case "vpc-endpoint": {
        const acceptor = endpointServices.get(destination.endpoint.id);
        return acceptor === undefined ? refusedPort(host, port) : { ok: true, acceptor, source };
      }
      case "public-service":
        return port === 443 ? { ok: true, acceptor: publicService, source } : refusedPort(host, port);
    }
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
    async close() {
      for (const closer of closers) closer.close();
      await Promise.all(listening.map((l) => l.close()));
    },
  };
}

function refusedPort(host: string, port: number): ProxyRoute {
  return { ok: false, status: 502, message: `${host}:${port} accepts no connections.` };
}

/** Names in private zones that alias to this load balancer, plus its own DNS name. */
function namesPointingAt(network: NetworkState, loadBalancer: LoadBalancer): string[] {
  const names = [loadBalancer.dnsName];
  for (const zone of network.zones.values()) {
    for (const [name, record] of zone.records) {
      const target = record.aliasTarget
        ?.toLowerCase()
        .replace(/^dualstack\./, "")
        .replace(/\.$/, "");
      if (target === loadBalancer.dnsName.toLowerCase()) names.push(name);
    }
  }
  return names;
}
