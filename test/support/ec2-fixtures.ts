// A fixed local network for EC2 describe tests: the consumer's execute-api endpoint interfaces and
// the AWS-managed prefix lists of eu-central-1.
import type { Ec2ManagedPrefixList, Ec2NetworkInterface } from "../../src/local/aws/deps.js";
import { StaticEc2View } from "./aws-test-doubles.js";

function endpointInterface(id: string, ip: string, az: string): Ec2NetworkInterface & { region: string } {
  return {
    region: "eu-central-1",
    NetworkInterfaceId: id,
    SubnetId: `subnet-${az}`,
    VpcId: "vpc-consumer",
    AvailabilityZone: az,
    PrivateIpAddress: ip,
    PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
    Description: "VPC Endpoint Interface vpce-0123456789abcdef0",
    OwnerId: "111111111111",
    InterfaceType: "vpc_endpoint",
    Status: "in-use",
    RequesterManaged: true,
    Groups: [{ GroupId: "sg-endpoint", GroupName: "endpoint" }],
    TagSet: [{ Key: "accountmesh:system", Value: "orders" }],
  };
}

function managedList(
  service: string,
  id: string,
): Ec2ManagedPrefixList & { region: string; visibleTo: string } {
  return {
    region: "eu-central-1",
    visibleTo: "*",
    PrefixListId: id,
    PrefixListName: `com.amazonaws.eu-central-1.${service}`,
    PrefixListArn: `arn:aws:ec2:eu-central-1:aws:prefix-list/${id}`,
    AddressFamily: "IPv4",
    State: "create-complete",
    OwnerId: "AWS",
    Tags: [],
  };
}

export const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
export const ENI_B = "eni-0bbbbbbbbbbbbbbb2";

export function ordersEc2View(): StaticEc2View {
  return new StaticEc2View(
    [
      endpointInterface(ENI_A, "10.0.1.10", "eu-central-1a"),
      endpointInterface(ENI_B, "10.0.2.10", "eu-central-1b"),
    ],
    [managedList("dynamodb", "pl-0dynamodb"), managedList("s3", "pl-0s3")],
  );
}
