// Resource providers for Elastic Load Balancing v2 (application load balancers).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import { optionalText, requiredText, textList, wholeNumber } from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { NetworkState } from "../../../network/network-state.js";
import type { Listener, ListenerAction, LoadBalancerState, Target, TargetGroup } from "./load-balancers.js";

/** Route 53 hosted zone ids of ALBs per region (Elastic Load Balancing endpoints and quotas). */
const ALB_ZONE_IDS: Readonly<Record<string, string>> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-east-2": "Z3AADJGX6KTTL2",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
};

function generatedName(resource: ResolvedResource, max: number): string {
  const base = `${resource.stack.stackName}-${resource.logicalId}`
    .replace(/[^A-Za-z0-9-]/g, "")
    .slice(0, max - 13);
  return `${base}-${stableId([resource.stack.account, base], 12, "alnum")}`;
}

function where(resource: ResolvedResource): string {
  return `${resource.stack.stackName}/${resource.logicalId}`;
}

export function createLoadBalancerProviders(
  network: NetworkState,
  state: LoadBalancerState,
): ResourceProvider[] {
  return [
    {
      type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
      properties: [
        "Name",
        "Scheme",
        "Type",
        "Subnets",
        "SecurityGroups",
        "LoadBalancerAttributes",
        "IpAddressType",
        "Tags",
      ],
      async create(resource) {
        const { account, region } = resource.stack;
        const type = optionalText(resource, "Type") ?? "application";
        if (type !== "application" && type !== "network") {
          throw new AccountmeshError(
            "ELB_UNSUPPORTED_TYPE",
            `${where(resource)}: load balancer type ${type} is not supported locally (application and network are).`,
          );
        }
        const kind = type === "network" ? "net" : "app";
        const scheme = optionalText(resource, "Scheme") === "internal" ? "internal" : "internet-facing";
        const name = optionalText(resource, "Name") ?? generatedName(resource, 32);
        const id = stableId([account, region, name], 16);
        const arn = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${kind}/${name}/${id}`;
        const subnets = textList(resource, "Subnets");
        const vpcId = network.subnets.get(subnets[0] ?? "")?.vpcId;
        if (vpcId === undefined) {
          throw new AccountmeshError(
            "ELB_NO_SUBNETS",
            `${where(resource)}: Subnets must name subnets of a local VPC.`,
          );
        }
        const nodes = subnets.map((subnetId) =>
          network.addInterface(
            subnetId,
            { kind: "load-balancer", arn },
            account,
            `ELB ${kind}/${name}/${id}`,
          ),
        );
        const interfaceIds = nodes.map((n) => n.id);
        const digits = String(Number.parseInt(stableId([arn], 8), 16))
          .padStart(10, "0")
          .slice(0, 10);
        // ALBs: `internal-<name>-<digits>`; NLBs: `<name>-<16 hex>` (ELB's DNS name formats).
        const dnsName =
          kind === "net"
            ? `${name}-${stableId([arn, "dns"], 16)}.elb.${region}.amazonaws.com`
            : `${scheme === "internal" ? "internal-" : ""}${name}-${digits}.${region}.elb.amazonaws.com`;
        const attributes = new Map<string, string>();
        for (const entry of (resource.properties.LoadBalancerAttributes as {
          Key: string;
          Value: unknown;
        }[]) ?? []) {
          attributes.set(entry.Key, String(entry.Value));
        }
        const zoneId = ALB_ZONE_IDS[region] ?? `Z${stableId([region, "alb"], 13).toUpperCase()}`;
        state.loadBalancers.set(arn, {
          arn,
          name,
          dnsName,
          canonicalHostedZoneId: zoneId,
          scheme,
          type,
          vpcId,
          account,
          region,
          interfaceIds,
          nodeIps: nodes.map((n) => n.privateIp),
          attributes,
          label: `${account}/${resource.stack.stackName}/${resource.logicalId}`,
        });
        network.publishName(dnsName, interfaceIds);
        return {
          ref: arn,
          attributes: {
            CanonicalHostedZoneID: zoneId,
            DNSName: dnsName,
            LoadBalancerArn: arn,
            LoadBalancerFullName: `${kind}/${name}/${id}`,
            LoadBalancerName: name,
            SecurityGroups: textList(resource, "SecurityGroups"),
          },
        };
      },
    },
    {
      type: "AWS::ElasticLoadBalancingV2::TargetGroup",
      properties: [
        "Name",
        "Port",
        "Protocol",
        "TargetType",
        "Targets",
        "VpcId",
        "HealthCheckIntervalSeconds",
        "HealthCheckPath",
        "HealthCheckProtocol",
        "HealthCheckPort",
        "HealthCheckTimeoutSeconds",
        "HealthyThresholdCount",
        "UnhealthyThresholdCount",
        "Matcher",
        "TargetGroupAttributes",
        "Tags",
      ],
      async create(resource) {
        const { account, region } = resource.stack;
        const name = optionalText(resource, "Name") ?? generatedName(resource, 32);
        const id = stableId([account, region, "tg", name], 16);
        const arn = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${id}`;
        const protocol = optionalText(resource, "Protocol") ?? "HTTP";
        const targetType = optionalText(resource, "TargetType") ?? "instance";
        if (targetType === "lambda" && ((resource.properties.Targets as unknown[]) ?? []).length > 1) {
          throw new AccountmeshError(
            "ELB_UNSUPPORTED_TARGET_GROUP",
            `${where(resource)}: a lambda target group has at most one function (Elastic Load Balancing quotas); it lists ${(resource.properties.Targets as unknown[]).length}.`,
          );
        }
        const supported =
          targetType === "lambda" ||
          ((protocol === "HTTP" || protocol === "HTTPS") && targetType === "ip") ||
          (protocol === "TCP" && (targetType === "ip" || targetType === "instance" || targetType === "alb"));
        if (!supported) {
          throw new AccountmeshError(
            "ELB_UNSUPPORTED_TARGET_GROUP",
            `${where(resource)}: target groups of type ${targetType} over ${protocol} are not supported locally (ip targets over HTTP/HTTPS, lambda targets, and ip, instance and alb targets over TCP are).`,
          );
        }
        const port = wholeNumber(resource, "Port") ?? (protocol === "HTTPS" ? 443 : 80);
        const targets: Target[] = (
          (resource.properties.Targets as { Id: unknown; Port?: unknown }[]) ?? []
        ).map((t) => ({
          id: String(t.Id),
          port: t.Port === undefined ? port : Number(t.Port),
        }));
        const vpcId = optionalText(resource, "VpcId");
        state.targetGroups.set(arn, {
          arn,
          name,
          protocol: protocol as TargetGroup["protocol"],
          port,
          targetType: targetType as TargetGroup["targetType"],
          targets,
          ...(vpcId === undefined ? {} : { vpcId }),
        });
        return {
          ref: arn,
          attributes: {
            TargetGroupArn: arn,
            TargetGroupName: name,
            TargetGroupFullName: `targetgroup/${name}/${id}`,
            LoadBalancerArns: [],
          },
        };
      },
    },
    {
      type: "AWS::ElasticLoadBalancingV2::Listener",
      properties: [
        "LoadBalancerArn",
        "Port",
        "Protocol",
        "Certificates",
        "DefaultActions",
        "SslPolicy",
        "Tags",
      ],
      async create(resource) {
        const loadBalancerArn = requiredText(resource, "LoadBalancerArn");
        const lb = state.loadBalancers.get(loadBalancerArn);
        if (lb === undefined) {
          throw new AccountmeshError(
            "ELB_UNKNOWN_LOAD_BALANCER",
            `${where(resource)}: no load balancer ${loadBalancerArn}.`,
          );
        }
        const protocol = optionalText(resource, "Protocol") ?? "HTTP";
        const expected = lb.type === "network" ? ["TCP"] : ["HTTP", "HTTPS"];
        if (!expected.includes(protocol)) {
          throw new AccountmeshError(
            "ELB_UNSUPPORTED_PROTOCOL",
            `${where(resource)}: listener protocol ${protocol} is not supported locally on ${lb.type} load balancers (${expected.join(", ")} ${expected.length === 1 ? "is" : "are"}; TCP listeners carry HTTP locally).`,
          );
        }
        const port = wholeNumber(resource, "Port") ?? (protocol === "HTTPS" ? 443 : 80);
        const arn = `${lb.arn.replace(":loadbalancer/", ":listener/")}/${stableId([lb.arn, String(port)], 16)}`;
        const certificateArns = (
          (resource.properties.Certificates as { CertificateArn: unknown }[]) ?? []
        ).map((c) => String(c.CertificateArn));
        const defaultActions = ((resource.properties.DefaultActions as Record<string, unknown>[]) ?? []).map(
          (a) => toAction(a, where(resource)),
        );
        state.listeners.set(arn, {
          arn,
          loadBalancerArn,
          port,
          protocol: protocol as Listener["protocol"],
          certificateArns,
          defaultActions,
        });
        return { ref: arn, attributes: { ListenerArn: arn } };
      },
    },
  ];
}

function toAction(action: Record<string, unknown>, where: string): ListenerAction {
  const type = String(action.Type);
  if (type === "forward") {
    const single = action.TargetGroupArn;
    const forward = action.ForwardConfig as { TargetGroups?: { TargetGroupArn: unknown }[] } | undefined;
    const arn = single ?? forward?.TargetGroups?.[0]?.TargetGroupArn;
    return { type, targetGroupArn: String(arn) };
  }
  if (type === "fixed-response") {
    const config = action.FixedResponseConfig as {
      StatusCode: unknown;
      ContentType?: unknown;
      MessageBody?: unknown;
    };
    return {
      type,
      fixedResponse: {
        statusCode: String(config.StatusCode),
        ...(config.ContentType === undefined ? {} : { contentType: String(config.ContentType) }),
        ...(config.MessageBody === undefined ? {} : { messageBody: String(config.MessageBody) }),
      },
    };
  }
  throw new AccountmeshError(
    "ELB_UNSUPPORTED_ACTION",
    `${where}: listener action type ${type} is not supported locally (forward and fixed-response are).`,
  );
}
