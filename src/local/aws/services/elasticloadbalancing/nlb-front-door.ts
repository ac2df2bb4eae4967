// The network load balancer as a pipeline of named steps: select a target of the listener's target
// group that accepts the connection (IP targets, instance targets, ALB targets and the workloads ECS
// services and Auto Scaling groups register), then forward the connection to it. TCP listeners carry
// HTTP locally (the request passes through unchanged); the target sees a load balancer node's address.
// No target accepting → the connection fails, which the caller sees as unreachable (NoHealthyTargetError).
import type { LocalHandler, LocalRequest, LocalResponse } from "../../../http/http-types.js";
import { pipeline, type ServerErrorLog } from "../../../http/pipeline.js";
import { RandomBytesPool } from "../../../http/random-bytes-pool.js";
import {
  type FrontDoorRegistry,
  NoHealthyTargetError,
  TargetUnreachableError,
} from "../../../network/front-door-registry.js";
import { errorPage } from "./alb-errors.js";
import type { Listener, LoadBalancer, LoadBalancerState } from "./load-balancers.js";

export interface NlbDeps {
  readonly loadBalancers: LoadBalancerState;
  readonly doors: Pick<FrontDoorRegistry, "handlerAt" | "workloadsIn" | "workload" | "listener">;
  readonly onServerError?: ServerErrorLog;
}

interface NlbExchange {
  readonly request: LocalRequest;
  readonly connectionId: string;
  target?: { readonly handler: LocalHandler; readonly name: string };
}

export function createNlbFrontDoor(
  deps: NlbDeps,
  loadBalancer: LoadBalancer,
  listener: Listener,
): LocalHandler {
  let next = 0;
  const random = new RandomBytesPool();

  /** Every target of the group, as (name, handler or why it refuses). */
  const candidates = (): { name: string; handler: () => LocalHandler }[] => {
    const groupArn = listener.defaultActions[0]?.targetGroupArn;
    const group = groupArn === undefined ? undefined : deps.loadBalancers.targetGroups.get(groupArn);
    if (group === undefined) return [];
    const { vpcId } = loadBalancer;
    const fixed = group.targets.map((target) => ({
      name: `${target.id}:${target.port}`,
      handler: (): LocalHandler => {
        if (group.targetType === "alb") {
          const door = deps.doors.listener(target.id, target.port);
          if (door === undefined)
            throw new TargetUnreachableError(`${target.id} has no listener on ${target.port}`);
          return door.handler;
        }
        if (group.targetType === "instance") {
          const workload = deps.doors.workload(target.id);
          const handler = workload?.at(target.port);
          if (handler === undefined)
            throw new TargetUnreachableError(`instance ${target.id} does not listen on ${target.port}`);
          return handler;
        }
        return deps.doors.handlerAt(vpcId, target.id, target.port);
      },
    }));
    const registered = deps.doors.workloadsIn(group.arn).map(({ door, port }) => ({
      name: `${door.label} (${door.ip}:${port})`,
      handler: (): LocalHandler => {
        const handler = door.at(port);
        if (handler === undefined)
          throw new TargetUnreachableError(`${door.label} does not listen on ${port}`);
        return handler;
      },
    }));
    return [...fixed, ...registered];
  };

  const selectTarget = (exchange: NlbExchange): undefined => {
    const all = candidates();
    const refusals: string[] = [];
    for (let tries = 0; tries < all.length; tries++) {
      const candidate = all[(next + tries) % all.length];
      if (candidate === undefined) continue;
      try {
        exchange.target = { handler: candidate.handler(), name: candidate.name };
        next = (next + tries + 1) % Math.max(1, all.length);
        return undefined;
      } catch (error) {
        refusals.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw new NoHealthyTargetError(
      `NLB ${loadBalancer.label}:${listener.port} has no target accepting connections${refusals.length === 0 ? " (none registered)" : `: ${refusals.join("; ")}`}`,
    );
  };

  const forwardToTarget = async (exchange: NlbExchange): Promise<LocalResponse> => {
    const { request, target } = exchange;
    const nodeIp = loadBalancer.nodeIps[next % Math.max(1, loadBalancer.nodeIps.length)] ?? "0.0.0.0";
    return (target as NonNullable<NlbExchange["target"]>).handler({
      ...request,
      source: {
        vpc: { id: loadBalancer.vpcId, account: loadBalancer.account },
        sourceIp: nodeIp,
        via: [...request.source.via, `NLB ${loadBalancer.label}:${listener.port}`, target?.name ?? ""],
      },
    });
  };

  return pipeline<NlbExchange>({
    door: () => `NLB ${loadBalancer.label}:${listener.port}`,
    begin: (request) => ({ request, connectionId: random.hex(8) }),
    steps: [
      { name: "selectTarget", run: selectTarget },
      { name: "forwardToTarget", run: forwardToTarget },
    ],
    fail: (error) => {
      // A TCP load balancer has no error page: the connection is reset. Callers of this handler (the
      // ALB, the endpoint service) see it as unreachable; a direct HTTP client gets a bare 503/502.
      if (error instanceof TargetUnreachableError) throw error;
      return errorPage(502, "Bad Gateway");
    },
    requestId: (exchange) => exchange.connectionId,
    ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
  });
}
