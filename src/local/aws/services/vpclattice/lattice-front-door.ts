// A VPC Lattice service listener as a pipeline of named steps, after Lattice's own phases: find the
// service network the client's VPC reaches the service through, strip the headers only Lattice may
// set, authenticate the caller (SigV4 for `vpc-lattice-svcs`, or anonymous), evaluate the network's
// and the service's auth policies, route by the listener's rules, add Lattice's headers and forward to
// the target group. The source VPC and its owner come from the path the request took
// (`request.source.vpc`), never from a header. Source: VPC Lattice User Guide ("Auth policies",
// "Listener rules", "HTTP targets": the x-amzn-lattice-* headers it adds and strips).
import { randomUUID } from "node:crypto";
import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalHandler, LocalRequest, LocalResponse } from "../../../http/http-types.js";
import { pipeline, type ServerErrorLog } from "../../../http/pipeline.js";
import type { Principal } from "../../../iam/types.js";
import type { SignedCallers } from "../../protocol/verify-request.js";
import { type AuthDeps, authorizeInvoke, PolicyCache } from "./lattice-auth.js";
import { routeAction, WeightedPicker } from "./lattice-routing.js";
import type {
  LatticeListener,
  LatticeService,
  LatticeState,
  LatticeTargetGroup,
  RuleAction,
  ServiceNetwork,
} from "./lattice-state.js";
import { type ForwardContext, type TargetDeps, TargetError, targetKinds } from "./lattice-targets.js";

export interface LatticeDoorDeps extends AuthDeps, TargetDeps {
  readonly state: LatticeState;
  readonly callers: SignedCallers;
  /** The runtime's log: every denial is written here with its reason. */
  log(line: string): void;
  readonly onServerError?: ServerErrorLog;
}

/** Headers a client may not send: Lattice sets them (x-amzn-lattice-*) or rewrites them (forwarding). */
const RESERVED = /^(x-amzn-lattice-|x-forwarded-|forwarded$|x-real-ip$|x-amzn-source-vpc)/;

class LatticeDenial extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
    this.name = "LatticeDenial";
  }
}

interface LatticeExchange {
  request: LocalRequest;
  readonly requestId: string;
  readonly now: Date;
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  network?: ServiceNetwork;
  principal: Principal;
  action?: RuleAction;
  group?: LatticeTargetGroup;
}

export function createLatticeFrontDoor(
  deps: LatticeDoorDeps,
  service: LatticeService,
  listener: LatticeListener,
): LocalHandler {
  const policies = new PolicyCache();
  const picker = new WeightedPicker();

  const findServiceNetwork = (exchange: LatticeExchange): undefined => {
    const vpc = exchange.request.source.vpc;
    const network = deps.state.networkFor(vpc?.id, service);
    if (vpc === undefined || network === undefined) {
      // The network routes only associated VPCs here; anything else is a wiring mistake of ours.
      throw new Error(
        `request from ${vpc?.id ?? "outside every VPC"} reached ${service.name} without a service network`,
      );
    }
    exchange.network = network;
    return undefined;
  };

  const stripReservedHeaders = (exchange: LatticeExchange): undefined => {
    const { request } = exchange;
    exchange.request = {
      ...request,
      headers: dictionary(Object.entries(request.headers).filter(([name]) => !RESERVED.test(name))),
    };
    return undefined;
  };

  const authenticateCaller = (exchange: LatticeExchange): undefined => {
    if (
      exchange.request.headers.authorization === undefined &&
      !exchange.request.url.includes("X-Amz-Signature=")
    )
      return undefined;
    const verification = deps.callers.verify(exchange.request, {
      now: exchange.now,
      service: "vpc-lattice-svcs",
      region: service.region,
    });
    if (verification.ok) {
      exchange.principal = verification.caller.principal;
      return undefined;
    }
    throw new LatticeDenial(
      403,
      `${verification.failure === "expired-token" ? "ExpiredTokenException" : "InvalidSignatureException"}: ${verification.message}`,
    );
  };

  const evaluateAuthPolicies = (exchange: LatticeExchange): undefined => {
    const { request, network } = exchange;
    const vpc = request.source.vpc;
    if (network === undefined || vpc === undefined) return undefined;
    const outcome = authorizeInvoke(
      deps,
      {
        service,
        network,
        principal: exchange.principal,
        method: request.method,
        path: exchange.path,
        query: exchange.query,
        headers: request.headers,
        port: listener.port,
        sourceVpc: vpc,
        sourceIp: request.source.sourceIp,
        secure: request.protocol === "https",
        now: exchange.now,
      },
      policies,
    );
    if (!outcome.allowed) {
      deps.log(
        `VPC Lattice ${service.name}: 403 ${request.method} ${exchange.path} from ${vpc.id} (owner ${vpc.account}) via ${network.name} [${exchange.requestId}]: ${outcome.message}`,
      );
      throw new LatticeDenial(403, outcome.message);
    }
    return undefined;
  };

  const routeRequest = (exchange: LatticeExchange): LocalResponse | undefined => {
    const { action } = routeAction(listener, {
      method: exchange.request.method,
      path: exchange.path,
      headers: exchange.request.headers,
    });
    if (action.kind === "fixed-response") return { status: action.status, headers: {}, body: "" };
    const arn = picker.pick(action);
    const group = arn === undefined ? undefined : deps.state.targetGroups.get(arn);
    if (group === undefined)
      throw new TargetError(503, `listener ${listener.arn}: every target group has weight 0`);
    exchange.group = group;
    return undefined;
  };

  const addLatticeHeaders = (exchange: LatticeExchange): undefined => {
    const { request, network, group, principal } = exchange;
    const vpc = request.source.vpc;
    const headers = dictionary(Object.entries(request.headers));
    headers["x-forwarded-for"] = [request.source.sourceIp];
    headers["x-amzn-lattice-identity"] = [identityHeader(principal)];
    if (vpc !== undefined)
      headers["x-amzn-lattice-network"] = [`SourceVpcArn=${vpcArn(service.region, vpc)}`];
    headers["x-amzn-lattice-target"] = [
      `ServiceArn=${service.arn}; ServiceNetworkArn=${network?.arn ?? ""}; TargetGroupArn=${group?.arn ?? ""}`,
    ];
    exchange.request = { ...request, headers };
    return undefined;
  };

  const forwardToTarget = async (exchange: LatticeExchange): Promise<LocalResponse> => {
    const { group, network, request } = exchange;
    if (group === undefined || network === undefined) throw new TargetError(503, "no target group chosen");
    const forward = targetKinds[group.type];
    if (forward === undefined)
      throw new TargetError(503, `target groups of type ${group.type} are not served locally yet`);
    const vpc = request.source.vpc;
    const context: ForwardContext = {
      request,
      path: exchange.path,
      query: exchange.query,
      service,
      network,
      group,
      identity: identityOf(exchange.principal, vpc === undefined ? "" : vpcArn(service.region, vpc)),
      requestId: exchange.requestId,
    };
    return forward(deps, context);
  };

  return pipeline<LatticeExchange>({
    door: () => `VPC Lattice ${service.name}:${listener.port}`,
    begin: (request) => {
      const [path, query] = splitTarget(request.url);
      return {
        request,
        requestId: randomUUID(),
        now: deps.now(),
        path,
        query,
        principal: { kind: "anonymous" },
      };
    },
    steps: [
      { name: "findServiceNetwork", run: findServiceNetwork },
      { name: "stripReservedHeaders", run: stripReservedHeaders },
      { name: "authenticateCaller", run: authenticateCaller },
      { name: "evaluateAuthPolicies", run: evaluateAuthPolicies },
      { name: "routeRequest", run: routeRequest },
      { name: "addLatticeHeaders", run: addLatticeHeaders },
      { name: "forwardToTarget", run: forwardToTarget },
    ],
    fail: (error) =>
      error instanceof LatticeDenial
        ? text(error.status, error.text)
        : error instanceof TargetError
          ? text(error.status, error.status === 503 ? "Service Unavailable" : "Bad Gateway")
          : text(500, "Internal Server Error"),
    describe: (error) => (error instanceof Error ? error.message : String(error)),
    requestId: (exchange) => exchange.requestId,
    ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
  });
}

function text(status: number, body: string): LocalResponse {
  return { status, headers: { "content-type": "text/plain" }, body };
}

function vpcArn(region: string, vpc: { id: string; account: string }): string {
  return `arn:aws:ec2:${region}:${vpc.account}:vpc/${vpc.id}`;
}

function identityOf(principal: Principal, sourceVpcArn: string): Record<string, string> {
  if (principal.kind === "role" || principal.kind === "root") {
    const session = principal.kind === "role" ? (principal.sessionArn.split("/").at(-1) ?? "") : "";
    return {
      sourceVpcArn,
      type: "AWS_IAM",
      principal: principal.kind === "role" ? principal.sessionArn : principal.arn,
      principalOrgID: "",
      sessionName: session,
    };
  }
  return { sourceVpcArn, type: "ANONYMOUS" };
}

/** `k=v; ` pairs, empty values kept (Lattice's format). */
function identityHeader(principal: Principal): string {
  const { sourceVpcArn: _, ...identity } = identityOf(principal, "");
  const pairs: [string, string][] =
    identity.type === "AWS_IAM"
      ? [
          ["Principal", identity.principal ?? ""],
          ["PrincipalOrgID", ""],
          ["SessionName", identity.sessionName ?? ""],
          ["Type", "AWS_IAM"],
        ]
      : [["Type", "ANONYMOUS"]];
  return pairs.map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Path (as sent) and query pairs (URL-decoded, `+` a space). */
function splitTarget(url: string): [string, [string, string][]] {
  const mark = url.indexOf("?");
  const path = mark < 0 ? url : url.slice(0, mark);
  const pairs: [string, string][] = [];
  for (const part of mark < 0 ? [] : url.slice(mark + 1).split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    pairs.push([
      decode(equals < 0 ? part : part.slice(0, equals)),
      decode(equals < 0 ? "" : part.slice(equals + 1)),
    ]);
  }
  return [path === "" ? "/" : path, pairs];
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
