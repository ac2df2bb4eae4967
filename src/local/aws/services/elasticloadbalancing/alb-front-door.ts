// The application load balancer as a pipeline of named steps, after ELB's own phases: drop invalid
// header fields, add X-Forwarded-* headers, evaluate the listener's rules, forward to a target of the
// target group; failures become ELB's own error pages (502/503, `server: awselb/2.0`).
import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalHandler, LocalRequest, LocalResponse } from "../../../http/http-types.js";
import { pipeline, type ServerErrorLog } from "../../../http/pipeline.js";
import { RandomBytesPool } from "../../../http/random-bytes-pool.js";
import { NoHealthyTargetError } from "../../../network/front-door-registry.js";
import type { AwsClient } from "../../aws-client.js";
import { ElbError, errorPage } from "./alb-errors.js";
import { invokeLambdaTarget } from "./alb-lambda-target.js";
import type { Listener, ListenerAction, LoadBalancer, LoadBalancerState } from "./load-balancers.js";

export interface AlbDeps {
  readonly loadBalancers: LoadBalancerState;
  /** Invokes Lambda targets, as `elasticloadbalancing.amazonaws.com` for their target group. */
  readonly aws: AwsClient;
  /** Sends the request to `ip:port` inside `vpcId` as the load balancer node `fromIp`. */
  forward(
    vpcId: string,
    ip: string,
    port: number,
    fromIp: string,
    request: LocalRequest,
  ): Promise<LocalResponse>;
  /** Every 502/503 the load balancer itself produces. */
  readonly onServerError?: ServerErrorLog;
}

interface AlbExchange {
  request: LocalRequest;
  readonly traceId: string;
  action?: ListenerAction;
}

const VALID_HEADER_NAME = /^[A-Za-z0-9-]+$/;

export function createAlbFrontDoor(
  deps: AlbDeps,
  loadBalancer: LoadBalancer,
  listener: Listener,
): LocalHandler {
  const dropInvalid =
    loadBalancer.attributes.get("routing.http.drop_invalid_header_fields.enabled") === "true";
  let next = 0;
  const random = new RandomBytesPool();

  const dropInvalidHeaderFields = (exchange: AlbExchange): undefined => {
    if (dropInvalid) {
      const { request } = exchange;
      const headers = dictionary(
        Object.entries(request.headers).filter(([name]) => VALID_HEADER_NAME.test(name)),
      );
      exchange.request = { ...request, headers };
    }
    return undefined;
  };

  const addForwardedHeaders = (exchange: AlbExchange): undefined => {
    const { request } = exchange;
    const previous = request.headers["x-forwarded-for"]?.join(", ");
    const clientIp = request.source.sourceIp;
    exchange.request = {
      ...request,
      headers: dictionary([
        ...Object.entries(request.headers),
        ["x-forwarded-for", [previous === undefined ? clientIp : `${previous}, ${clientIp}`]],
        ["x-forwarded-proto", [listener.protocol.toLowerCase()]],
        ["x-forwarded-port", [String(listener.port)]],
        ["x-amzn-trace-id", [exchange.traceId]],
      ]),
    };
    return undefined;
  };

  const evaluateRules = (exchange: AlbExchange): undefined => {
    const action = listener.defaultActions[0];
    if (action === undefined) {
      throw new ElbError(503, "Service Temporarily Unavailable", `listener ${listener.port} has no action`);
    }
    exchange.action = action;
    return undefined;
  };

  const forwardToTarget = async ({ action, request, traceId }: AlbExchange): Promise<LocalResponse> => {
    if (action?.type === "fixed-response" && action.fixedResponse !== undefined) {
      const { statusCode, contentType, messageBody } = action.fixedResponse;
      return {
        status: Number(statusCode),
        headers: { "content-type": contentType ?? "text/plain" },
        body: messageBody ?? "",
      };
    }
    const group =
      action?.targetGroupArn === undefined
        ? undefined
        : deps.loadBalancers.targetGroups.get(action.targetGroupArn);
    const target = group?.targets[next++ % Math.max(1, group.targets.length)];
    if (group === undefined || target === undefined) {
      throw new ElbError(
        503,
        "Service Temporarily Unavailable",
        `target group ${action?.targetGroupArn ?? "(none)"} has no registered target`,
      );
    }
    if (group.targetType === "lambda") {
      return invokeLambdaTarget(deps.aws, loadBalancer, group, target.id, request, traceId);
    }
    return deps.forward(loadBalancer.vpcId, target.id, target.port, loadBalancerNodeIp(), request);
  };

  // The address the target sees: one of the load balancer's nodes (they take turns, like AZs do).
  const loadBalancerNodeIp = (): string =>
    loadBalancer.nodeIps[next % Math.max(1, loadBalancer.nodeIps.length)] ?? "0.0.0.0";

  return pipeline<AlbExchange>({
    door: () => `ALB ${loadBalancer.label}:${listener.port}`,
    begin: (request) => ({ request, traceId: traceId(random) }),
    steps: [
      { name: "dropInvalidHeaderFields", run: dropInvalidHeaderFields },
      { name: "addForwardedHeaders", run: addForwardedHeaders },
      { name: "evaluateRules", run: evaluateRules },
      { name: "forwardToTarget", run: forwardToTarget },
    ],
    fail: (error) =>
      error instanceof ElbError
        ? errorPage(error.status, error.text)
        : error instanceof NoHealthyTargetError
          ? errorPage(503, "Service Temporarily Unavailable")
          : errorPage(502, "Bad Gateway"),
    requestId: (exchange) => exchange.traceId,
    ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
  });
}

function traceId(random: RandomBytesPool): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  return `Root=1-${seconds}-${random.hex(12)}`;
}
