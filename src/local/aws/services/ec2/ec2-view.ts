// The network as EC2's describe calls show it to one account (for CDK's AwsCustomResource lookups
// and for SDK/CLI users): its network interfaces, and the AWS-managed prefix lists of its region.

import type { NetworkState } from "../../../network/network-state.js";
import type { Ec2ManagedPrefixList, Ec2NetworkInterface, Ec2View } from "../../deps.js";

const PREFIX_LIST_SERVICES = ["dynamodb", "s3"];

export function createEc2View(network: NetworkState): Ec2View {
  return {
    describeNetworkInterfaces(scope): readonly Ec2NetworkInterface[] {
      return [...network.interfaces.values()]
        .filter(
          (nic) => nic.account === scope.account && network.vpcs.get(nic.vpcId)?.region === scope.region,
        )
        .filter((nic) => nic.owner.kind !== "client")
        .map((nic) => ({
          NetworkInterfaceId: nic.id,
          SubnetId: nic.subnetId,
          VpcId: nic.vpcId,
          AvailabilityZone: nic.availabilityZone,
          PrivateIpAddress: nic.privateIp,
          PrivateIpAddresses: [{ PrivateIpAddress: nic.privateIp, Primary: true }],
          Description: nic.description,
          OwnerId: nic.account,
          InterfaceType: nic.owner.kind === "vpc-endpoint" ? "vpc_endpoint" : "interface",
          Status: "in-use",
          RequesterManaged: true,
          Groups: [],
          TagSet: [],
        }));
    },
    describeManagedPrefixLists(scope): readonly Ec2ManagedPrefixList[] {
      return PREFIX_LIST_SERVICES.map((service) => {
        const name = `com.amazonaws.${scope.region}.${service}`;
        const id = network.prefixListId(name) ?? "";
        return {
          PrefixListId: id,
          PrefixListName: name,
          PrefixListArn: `arn:aws:ec2:${scope.region}:aws:prefix-list/${id}`,
          AddressFamily: "IPv4",
          State: "create-complete",
          OwnerId: "AWS",
          Tags: [],
        };
      });
    },
  };
}
