// Resource providers for EC2 networking: VPCs, subnets, security groups (recorded, not enforced) and
// VPC endpoints, with deterministic ids and private addresses in the local network model.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  optionalText,
  requiredText,
  resourceLabel,
  textList,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { NetworkState } from "../../../network/network-state.js";
import { connectionState } from "./endpoint-service-providers.js";

const TAGS = ["Tags"];

function physicalId(prefix: string, resource: ResolvedResource, length = 17): string {
  return `${prefix}-${stableId([resource.stack.account, resource.stack.stackName, resource.logicalId], length)}`;
}

export function createEc2Providers(network: NetworkState): ResourceProvider[] {
  return [
    {
      type: "AWS::EC2::VPC",
      properties: ["CidrBlock", "EnableDnsHostnames", "EnableDnsSupport", "InstanceTenancy", ...TAGS],
      async create(resource) {
        const id = physicalId("vpc", resource);
        const cidr = requiredText(resource, "CidrBlock");
        network.addVpc({
          id,
          account: resource.stack.account,
          region: resource.stack.region,
          cidr,
          name: resourceLabel(resource),
        });
        return {
          ref: id,
          attributes: {
            CidrBlock: cidr,
            CidrBlockAssociations: [`vpc-cidr-assoc-${stableId([id], 17)}`],
            DefaultNetworkAcl: `acl-${stableId([id, "acl"], 17)}`,
            DefaultSecurityGroup: `sg-${stableId([id, "sg"], 17)}`,
            Ipv6CidrBlocks: [],
            VpcId: id,
          },
        };
      },
    },
    {
      type: "AWS::EC2::Subnet",
      properties: ["VpcId", "CidrBlock", "AvailabilityZone", "MapPublicIpOnLaunch", ...TAGS],
      async create(resource) {
        const id = physicalId("subnet", resource);
        const vpcId = requiredText(resource, "VpcId");
        const availabilityZone = optionalText(resource, "AvailabilityZone") ?? `${resource.stack.region}a`;
        network.addSubnet({ id, vpcId, cidr: requiredText(resource, "CidrBlock"), availabilityZone });
        const vpc = network.requireVpc(vpcId, resourceLabel(resource));
        if (vpc.clientIp === undefined) {
          // The first subnet of a VPC hosts the interface its entry-point clients appear from.
          vpc.clientIp = network.addInterface(
            id,
            { kind: "client", vpcId },
            vpc.account,
            "entry point clients",
          ).privateIp;
        }
        return {
          ref: id,
          attributes: {
            AvailabilityZone: availabilityZone,
            SubnetId: id,
            VpcId: vpcId,
            NetworkAclAssociationId: `aclassoc-${stableId([id], 17)}`,
          },
        };
      },
    },
    {
      type: "AWS::EC2::SecurityGroup",
      // Group rules are modelled but not enforced: reachability follows VPC membership and endpoints.
      properties: [
        "GroupDescription",
        "GroupName",
        "VpcId",
        "SecurityGroupIngress",
        "SecurityGroupEgress",
        ...TAGS,
      ],
      async create(resource) {
        const id = physicalId("sg", resource);
        return { ref: id, attributes: { GroupId: id, VpcId: optionalText(resource, "VpcId") ?? "" } };
      },
    },
    {
      type: "AWS::EC2::VPCEndpoint",
      properties: [
        "VpcId",
        "ServiceName",
        "VpcEndpointType",
        "SubnetIds",
        "SecurityGroupIds",
        "PrivateDnsEnabled",
        "RouteTableIds",
        "PolicyDocument",
        ...TAGS,
      ],
      async create(resource) {
        const id = physicalId("vpce", resource);
        const vpcId = requiredText(resource, "VpcId");
        const serviceName = requiredText(resource, "ServiceName");
        const type = optionalText(resource, "VpcEndpointType") ?? "Gateway";
        if (type !== "Interface" && type !== "Gateway") {
          throw new AccountmeshError(
            "NETWORK_UNSUPPORTED_ENDPOINT_TYPE",
            `VPC endpoint type ${type} is not supported locally (Interface and Gateway are).`,
          );
        }
        const { account, region } = resource.stack;
        const state = type === "Interface" ? connectionState(network, resource, serviceName) : undefined;
        const interfaceIds =
          type === "Interface"
            ? textList(resource, "SubnetIds").map(
                (subnetId) =>
                  network.addInterface(
                    subnetId,
                    { kind: "vpc-endpoint", id },
                    account,
                    `VPC Endpoint Interface ${id}`,
                  ).id,
              )
            : [];
        const service =
          state === undefined ? serviceName.split(".").slice(3).join(".") : serviceName.split(".").at(-1);
        const dnsName =
          type === "Interface"
            ? `${id}-${stableId([id], 8, "alnum")}.${service}.${region}.vpce.amazonaws.com`
            : undefined;
        network.addEndpoint({
          id,
          vpcId,
          account,
          region,
          serviceName,
          type,
          networkInterfaceIds: interfaceIds,
          privateDnsEnabled:
            resource.properties.PrivateDnsEnabled === true ||
            resource.properties.PrivateDnsEnabled === "true",
          ...(dnsName === undefined ? {} : { dnsName }),
          ...(state === undefined ? {} : { state }),
        });
        return {
          ref: id,
          attributes: {
            Id: id,
            NetworkInterfaceIds: interfaceIds,
            DnsEntries: dnsName === undefined ? [] : [`Z7HUB22UULQXV:${dnsName}`],
            CreationTimestamp: "2026-01-01T00:00:00.000Z",
          },
        };
      },
    },
  ];
}
