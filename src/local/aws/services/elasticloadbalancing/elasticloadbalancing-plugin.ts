// Elastic Load Balancing v2: application and network load balancers inside VPCs. Each listener becomes a front
// door of the network (TLS with its ACM certificate, which the local CA issues for the names that
// point at the load balancer); the ALB pipeline forwards to IP targets through the network.

import type { NetworkState } from "../../../network/network-state.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createAlbFrontDoor } from "./alb-front-door.js";
import { createLoadBalancerProviders } from "./load-balancer-providers.js";
import { type LoadBalancer, LoadBalancerState } from "./load-balancers.js";
import { createNlbFrontDoor } from "./nlb-front-door.js";

export const elasticLoadBalancingPlugin: ServicePlugin = {
  name: "elasticloadbalancing",
  start(platform) {
    const state = new LoadBalancerState();
    const { network, frontDoors, certificates } = platform;
    return {
      providers: createLoadBalancerProviders(network, state),
      ready() {
        const forward = frontDoors.forward.bind(frontDoors);
        for (const listener of state.listeners.values()) {
          const loadBalancer = state.loadBalancers.get(listener.loadBalancerArn);
          if (loadBalancer === undefined) continue;
          const tls = listener.protocol === "HTTPS";
          frontDoors.serveListener({
            loadBalancerArn: loadBalancer.arn,
            listenerArn: listener.arn,
            label: loadBalancer.label,
            dnsName: loadBalancer.dnsName,
            vpcId: loadBalancer.vpcId,
            port: listener.port,
            tls,
            handler:
              loadBalancer.type === "network"
                ? createNlbFrontDoor(
                    { loadBalancers: state, doors: frontDoors, onServerError: platform.onServerError },
                    loadBalancer,
                    listener,
                  )
                : createAlbFrontDoor(
                    {
                      loadBalancers: state,
                      aws: platform.aws,
                      forward,
                      onServerError: platform.onServerError,
                    },
                    loadBalancer,
                    listener,
                  ),
            ...(tls
              ? {
                  keyPair: () =>
                    certificates.keyPair(
                      listener.certificateArns[0] ?? "",
                      namesPointingAt(network, loadBalancer),
                    ),
                }
              : {}),
          });
        }
      },
    };
  },
};

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
