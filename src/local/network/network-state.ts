// The local network: VPCs, subnets, network interfaces (with deterministic private IPs), VPC
// endpoints, private hosted zones and load balancers, as the EC2/ELB/Route 53 providers create them.
// Reachability questions (what does a name resolve to from VPC X, who owns IP Y in VPC X) are
// answered here and nowhere else.
import { AccountmeshError } from "../../shared/errors.js";
import { stableId } from "../../shared/ids.js";
import { cidrHosts, parseCidr } from "./cidr.js";

export interface Vpc {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly cidr: string;
  /** `<account>/<stack>/<logicalId>`, the name endpoints.json uses. */
  readonly name: string;
  /** The address a client entering through this VPC's entry point has. */
  clientIp?: string;
}

export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly availabilityZone: string;
}

export type InterfaceOwner =
  | { readonly kind: "vpc-endpoint"; readonly id: string }
  | { readonly kind: "load-balancer"; readonly arn: string }
  | { readonly kind: "client"; readonly vpcId: string }
  /** An API Gateway VPC link (v2): the source load balancers see for its requests. */
  | { readonly kind: "vpc-link"; readonly id: string }
  /** A workload run as a local process (an ECS task, an EC2 instance): `id` is its task ARN or instance id. */
  | { readonly kind: "workload"; readonly id: string };

export interface NetworkInterface {
  readonly id: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly privateIp: string;
  readonly availabilityZone: string;
  readonly owner: InterfaceOwner;
  readonly description: string;
  readonly account: string;
}

export interface VpcEndpoint {
  readonly id: string;
  readonly vpcId: string;
  readonly account: string;
  readonly region: string;
  readonly serviceName: string;
  readonly type: "Interface" | "Gateway";
  readonly networkInterfaceIds: readonly string[];
  readonly privateDnsEnabled: boolean;
  /** Public (regional) DNS name of an interface endpoint. */
  readonly dnsName?: string;
  /**
   * The connection's state with a customer endpoint service (AWS's VpcEndpoint State): only an
   * `available` endpoint carries traffic; absent for AWS services (always available).
   */
  readonly state?: "available" | "pendingAcceptance";
}

/** A customer endpoint service (`AWS::EC2::VPCEndpointService`) in front of network load balancers. */
export interface EndpointService {
  readonly id: string;
  /** `com.amazonaws.vpce.<region>.<id>`. */
  readonly serviceName: string;
  readonly account: string;
  readonly region: string;
  readonly acceptanceRequired: boolean;
  readonly networkLoadBalancerArns: readonly string[];
  /** Principal ARNs (`arn:aws:iam::<account>:root`, role ARNs, `*`) allowed to create endpoints. */
  allowedPrincipals: readonly string[];
}

export interface HostedZone {
  readonly id: string;
  readonly name: string; // without trailing dot, lower case
  readonly vpcIds: readonly string[];
  readonly records: Map<
    string,
    { readonly type: string; readonly aliasTarget?: string; readonly values: readonly string[] }
  >;
}

const MANAGED_PREFIX_LIST_SERVICES = ["dynamodb", "s3"] as const;

export class NetworkState {
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly interfaces = new Map<string, NetworkInterface>();
  readonly endpoints = new Map<string, VpcEndpoint>();
  readonly zones = new Map<string, HostedZone>();
  /** Customer endpoint services by service name. */
  readonly endpointServices = new Map<string, EndpointService>();
  /** `<vpcId>/<ip>` → interface id. */
  private readonly byAddress = new Map<string, string>();
  /** Public DNS names (load balancers, endpoint DNS names) → private IPs. */
  private readonly publicNames = new Map<string, readonly string[]>();

  addVpc(vpc: Vpc): void {
    parseCidr(vpc.cidr);
    this.vpcs.set(vpc.id, vpc);
  }

  addSubnet(subnet: Subnet): void {
    this.requireVpc(subnet.vpcId, `subnet ${subnet.id}`);
    this.subnets.set(subnet.id, subnet);
  }

  /**
   * A network interface in `subnetId` with a private IP chosen deterministically from its owner's
   * id (the same address on every start) and unique in its subnet.
   */
  addInterface(
    subnetId: string,
    owner: InterfaceOwner,
    account: string,
    description: string,
  ): NetworkInterface {
    const subnet = this.subnets.get(subnetId);
    if (subnet === undefined) {
      throw new AccountmeshError(
        "NETWORK_UNKNOWN_SUBNET",
        `No subnet ${subnetId} exists locally (needed by ${description}). Check the SubnetIds of the resource.`,
        { subnetId },
      );
    }
    const ownerKey =
      owner.kind === "load-balancer"
        ? owner.arn
        : owner.kind === "client"
          ? owner.vpcId
          : `${owner.kind}/${owner.id}`;
    const hosts = cidrHosts(subnet.cidr);
    // AWS reserves the first four and the last address of every subnet.
    const usable = hosts.count - 5;
    let slot = Number.parseInt(stableId([ownerKey, subnetId], 8), 16) % usable;
    for (let tries = 0; tries < usable; tries++, slot = (slot + 1) % usable) {
      const ip = hosts.at(slot + 4);
      const key = `${subnet.vpcId}/${ip}`;
      if (!this.byAddress.has(key)) {
        const nic: NetworkInterface = {
          id: `eni-${stableId(["eni", ownerKey, subnetId], 17)}`,
          subnetId,
          vpcId: subnet.vpcId,
          privateIp: ip,
          availabilityZone: subnet.availabilityZone,
          owner,
          description,
          account,
        };
        this.interfaces.set(nic.id, nic);
        this.byAddress.set(key, nic.id);
        return nic;
      }
    }
    throw new AccountmeshError(
      "NETWORK_SUBNET_FULL",
      `Subnet ${subnetId} (${subnet.cidr}) has no free address.`,
    );
  }

  /** Releases a network interface and its address (a stopped task's). */
  removeInterface(interfaceId: string): void {
    const nic = this.interfaces.get(interfaceId);
    if (nic === undefined) return;
    this.interfaces.delete(interfaceId);
    this.byAddress.delete(`${nic.vpcId}/${nic.privateIp}`);
  }

  addEndpoint(endpoint: VpcEndpoint): void {
    this.endpoints.set(endpoint.id, endpoint);
    if (endpoint.dnsName !== undefined) {
      this.publishName(endpoint.dnsName, endpoint.networkInterfaceIds);
    }
  }

  /** The interface endpoints connected to a customer endpoint service. */
  endpointsOf(serviceName: string): VpcEndpoint[] {
    return [...this.endpoints.values()].filter((endpoint) => endpoint.serviceName === serviceName);
  }

  /** Makes `name` resolvable from anywhere (public DNS) to the private IPs of these interfaces. */
  publishName(name: string, interfaceIds: readonly string[]): void {
    const ips = interfaceIds.map((id) => this.interfaces.get(id)?.privateIp).filter((ip) => ip !== undefined);
    this.publicNames.set(normalizeName(name), ips);
  }

  addZone(zone: HostedZone): void {
    this.zones.set(zone.id, zone);
  }

  /** The interface that owns `ip` inside `vpcId`, if any. */
  interfaceAt(vpcId: string, ip: string): NetworkInterface | undefined {
    const id = this.byAddress.get(`${vpcId}/${ip}`);
    return id === undefined ? undefined : this.interfaces.get(id);
  }

  /**
   * DNS as a resolver inside `vpcId` (undefined: outside every VPC) answers it: private hosted zones
   * associated with the VPC first (the most specific zone wins and is authoritative), then public
   * names. Aliases are followed. Returns the addresses, or [] when the name does not resolve.
   */
  resolve(vpcId: string | undefined, hostname: string, depth = 0): readonly string[] {
    const name = normalizeName(hostname);
    if (depth > 8) {
      return [];
    }
    const zone = vpcId === undefined ? undefined : this.privateZoneFor(vpcId, name);
    if (zone !== undefined) {
      const record = zone.records.get(name);
      if (record === undefined) {
        return []; // the private zone is authoritative for its domain: NXDOMAIN
      }
      if (record.aliasTarget !== undefined) {
        return this.resolve(vpcId, record.aliasTarget, depth + 1);
      }
      return record.type === "A" ? record.values : [];
    }
    return this.publicNames.get(name) ?? this.publicNames.get(name.replace(/^dualstack\./, "")) ?? [];
  }

  /** The managed prefix list id of an AWS service in a region (`pl-...`, stable). */
  prefixListId(name: string): string | undefined {
    const match = /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(name);
    if (match === null || !MANAGED_PREFIX_LIST_SERVICES.includes(match[2] as never)) {
      return undefined;
    }
    return `pl-${stableId(["prefix-list", name], 8)}`;
  }

  requireVpc(vpcId: string, neededBy: string): Vpc {
    const vpc = this.vpcs.get(vpcId);
    if (vpc === undefined) {
      throw new AccountmeshError(
        "NETWORK_UNKNOWN_VPC",
        `No VPC ${vpcId} exists locally (needed by ${neededBy}).`,
        {
          vpcId,
        },
      );
    }
    return vpc;
  }

  private privateZoneFor(vpcId: string, name: string): HostedZone | undefined {
    let best: HostedZone | undefined;
    for (const zone of this.zones.values()) {
      if (zone.vpcIds.includes(vpcId) && (name === zone.name || name.endsWith(`.${zone.name}`))) {
        if (best === undefined || zone.name.length > best.name.length) {
          best = zone;
        }
      }
    }
    return best;
  }
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
