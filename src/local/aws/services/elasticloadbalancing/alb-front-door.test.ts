import { describe, expect, it } from "vitest";
import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalRequest, LocalResponse } from "../../../http/http-types.js";
import type { ServerErrorEntry } from "../../../http/pipeline.js";
import { TargetUnreachableError } from "../../../network/front-door-registry.js";
import { createAlbFrontDoor } from "./alb-front-door.js";
import {
  type Listener,
  type ListenerAction,
  type LoadBalancer,
  LoadBalancerState,
} from "./load-balancers.js";

const LB_ARN = "arn:aws:elasticloadbalancing:eu-central-1:111111111111:loadbalancer/app/internal/abc";
const TG_ARN = "arn:aws:elasticloadbalancing:eu-central-1:111111111111:targetgroup/endpoint/def";

function loadBalancer(attributes: Record<string, string> = {}): LoadBalancer {
  return {
    arn: LB_ARN,
    name: "internal",
    dnsName: "internal-internal-1.eu-central-1.elb.amazonaws.com",
    canonicalHostedZoneId: "Z215JYRZR1TBD5",
    scheme: "internal",
    type: "application",
    vpcId: "vpc-1",
    account: "111111111111",
    region: "eu-central-1",
    interfaceIds: [],
    nodeIps: ["192.168.2.10", "192.168.3.10"],
    attributes: new Map(Object.entries(attributes)),
    label: "111111111111/Consumer/Alb",
  };
}

function door(
  options: { attributes?: Record<string, string>; actions?: ListenerAction[]; targets?: string[] } = {},
) {
  const state = new LoadBalancerState();
  const lb = loadBalancer(options.attributes);
  state.loadBalancers.set(lb.arn, lb);
  state.targetGroups.set(TG_ARN, {
    arn: TG_ARN,
    name: "endpoint",
    protocol: "HTTPS",
    port: 443,
    targetType: "ip",
    targets: (options.targets ?? ["192.168.2.50", "192.168.3.50"]).map((id) => ({ id, port: 443 })),
  });
  const listener: Listener = {
    arn: `${LB_ARN}/listener`,
    loadBalancerArn: LB_ARN,
    port: 443,
    protocol: "HTTPS",
    certificateArns: [],
    defaultActions: options.actions ?? [{ type: "forward", targetGroupArn: TG_ARN }],
  };
  const forwarded: { vpcId: string; ip: string; fromIp: string; request: LocalRequest }[] = [];
  const errors: ServerErrorEntry[] = [];
  const handler = createAlbFrontDoor(
    {
      loadBalancers: state,
      aws: { call: () => Promise.reject(new Error("these tests forward to IP targets only")) },
      async forward(vpcId, ip, _port, fromIp, request): Promise<LocalResponse> {
        if (ip === "192.168.9.9")
          throw new TargetUnreachableError(`target ${ip}:443 in ${vpcId} serves nothing`);
        forwarded.push({ vpcId, ip, fromIp, request });
        return { status: 200, headers: {}, body: "from target" };
      },
      onServerError: (entry) => errors.push(entry),
    },
    lb,
    listener,
  );
  return { handler, forwarded, errors };
}

const request = (headers: Record<string, string[]> = {}): LocalRequest => ({
  method: "GET",
  url: "/v1/orders",
  headers: dictionary(Object.entries({ host: ["food.example.internal"], ...headers })),
  body: Buffer.alloc(0),
  protocol: "https",
  source: { vpc: { id: "vpc-1", account: "111111111111" }, sourceIp: "192.168.2.200", via: ["proxy"] },
});

describe("the ALB front door's steps", () => {
  it("addForwardedHeaders: appends the client to X-Forwarded-For, sets proto, port and a trace id", async () => {
    const { handler, forwarded } = door();
    await handler(request({ "x-forwarded-for": ["10.9.9.9"] }));
    const headers = forwarded[0]?.request.headers ?? {};
    expect(headers["x-forwarded-for"]).toEqual(["10.9.9.9, 192.168.2.200"]);
    expect(headers["x-forwarded-proto"]).toEqual(["https"]);
    expect(headers["x-forwarded-port"]).toEqual(["443"]);
    expect(headers["x-amzn-trace-id"]?.[0]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(headers.host).toEqual(["food.example.internal"]);
  });

  it("dropInvalidHeaderFields: drops names outside [A-Za-z0-9-] only when the attribute is on", async () => {
    const on = door({ attributes: { "routing.http.drop_invalid_header_fields.enabled": "true" } });
    await on.handler(request({ x_under: ["1"], "x-fine": ["2"] }));
    expect(on.forwarded[0]?.request.headers).not.toHaveProperty("x_under");
    expect(on.forwarded[0]?.request.headers["x-fine"]).toEqual(["2"]);
    const off = door();
    await off.handler(request({ x_under: ["1"] }));
    expect(off.forwarded[0]?.request.headers.x_under).toEqual(["1"]);
  });

  it("forwardToTarget: takes the targets in turn, from the load balancer's node addresses", async () => {
    const { handler, forwarded } = door();
    for (let n = 0; n < 4; n++) expect((await handler(request())).body).toBe("from target");
    expect(forwarded.map((f) => f.ip)).toEqual([
      "192.168.2.50",
      "192.168.3.50",
      "192.168.2.50",
      "192.168.3.50",
    ]);
    expect(new Set(forwarded.map((f) => f.fromIp))).toEqual(new Set(["192.168.2.10", "192.168.3.10"]));
    expect(forwarded.every((f) => f.vpcId === "vpc-1")).toBe(true);
  });

  it("evaluateRules: a fixed-response action answers without a target", async () => {
    const { handler, forwarded } = door({
      actions: [
        {
          type: "fixed-response",
          fixedResponse: { statusCode: "404", contentType: "text/plain", messageBody: "nope" },
        },
      ],
    });
    expect(await handler(request())).toEqual({
      status: 404,
      headers: { "content-type": "text/plain" },
      body: "nope",
    });
    expect(forwarded).toEqual([]);
  });

  it("answers ELB's own 503 page when the target group has no target, and logs it", async () => {
    const { handler, errors } = door({ targets: [] });
    const response = await handler(request());
    expect(response.status).toBe(503);
    expect(response.headers).toEqual({ "content-type": "text/html", server: "awselb/2.0" });
    expect(String(response.body)).toContain("<center><h1>503 Service Temporarily Unavailable</h1></center>");
    expect(errors).toEqual([
      expect.objectContaining({
        door: "ALB 111111111111/Consumer/Alb:443",
        step: "forwardToTarget",
        status: 503,
      }),
    ]);
    expect(errors[0]?.cause).toContain(`target group ${TG_ARN} has no registered target`);
  });

  it("answers 502 Bad Gateway when the target serves nothing, and logs the cause with the trace id", async () => {
    const { handler, errors } = door({ targets: ["192.168.9.9"] });
    const response = await handler(request());
    expect(response.status).toBe(502);
    expect(String(response.body)).toContain("502 Bad Gateway");
    expect(errors[0]).toMatchObject({
      step: "forwardToTarget",
      status: 502,
      requestId: expect.stringMatching(/^Root=1-/),
    });
    expect(errors[0]?.cause).toContain(
      "TargetUnreachableError: target 192.168.9.9:443 in vpc-1 serves nothing",
    );
  });
});
