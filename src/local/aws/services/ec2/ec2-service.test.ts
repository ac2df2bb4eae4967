import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryCall } from "../../../../../test/support/aws-signing.js";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { ENI_A, ENI_B, ordersEc2View } from "../../../../../test/support/ec2-fixtures.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";

const CONSUMER = roleCaller("111111111111", "Lookup");
const FOOD = roleCaller("222222222222", "PrefixListLookup");
const NOBODY = roleCaller("111111111111", "Nobody");
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    callers: [CONSUMER, FOOD, NOBODY],
    grants: [
      { principal: "arn:aws:iam::111111111111:role/Lookup", action: "ec2:Describe*", resource: "*" },
      {
        principal: "arn:aws:iam::222222222222:role/PrefixListLookup",
        action: "ec2:DescribeManagedPrefixLists",
        resource: "*",
      },
    ],
    ec2: ordersEc2View(),
  });
});
afterAll(async () => {
  await aws?.close();
});

describe("EC2 describe calls", () => {
  it("describes the account's network interfaces by id, in EC2's XML (the AWS CLI's parse: test/interop)", async () => {
    const response = await queryCall(aws.url, CONSUMER, "ec2", {
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
      "NetworkInterfaceId.1": ENI_B,
      "NetworkInterfaceId.2": ENI_A,
    });
    expect(response.status, response.text).toBe(200);
    const items = response.text.split("<networkInterfaceSet>")[1]?.split("</networkInterfaceSet>")[0] ?? "";
    const addresses = [
      ...items.matchAll(
        /<item><networkInterfaceId>[^<]+<\/networkInterfaceId>.*?<privateIpAddress>([^<]+)<\/privateIpAddress>/g,
      ),
    ].map((m) => m[1]);
    expect(addresses).toEqual(["10.0.2.10", "10.0.1.10"]);
    expect(items).toContain(`<networkInterfaceId>${ENI_B}</networkInterfaceId>`);
    expect(items).toContain("<vpcId>vpc-consumer</vpcId>");
    expect(items).toContain("<requesterManaged>true</requesterManaged>");
    expect(items).toContain("<groupId>sg-endpoint</groupId><groupName>endpoint</groupName>");
    expect(items).toContain("<key>accountmesh:system</key><value>orders</value>");
    expect(aws.authorizer.calls.at(-1)?.request).toMatchObject({
      action: "ec2:DescribeNetworkInterfaces",
      resource: "*",
    });
  });

  it("filters managed prefix lists by name", async () => {
    const response = await queryCall(aws.url, FOOD, "ec2", {
      Action: "DescribeManagedPrefixLists",
      Version: "2016-11-15",
      "Filter.1.Name": "prefix-list-name",
      "Filter.1.Value.1": "com.amazonaws.eu-central-1.dynamodb",
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain("<prefixListSet><item><prefixListId>pl-0dynamodb</prefixListId>");
    expect(response.text).not.toContain("pl-0s3");
  });

  it("says which interface does not exist, and which filter it does not know", async () => {
    const missing = await queryCall(aws.url, CONSUMER, "ec2", {
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
      "NetworkInterfaceId.1": "eni-missing",
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(
      /<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound<\/Code><Message>The networkInterface ID 'eni-missing' does not exist/,
    );
    const filter = await queryCall(aws.url, CONSUMER, "ec2", {
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
      "Filter.1.Name": "color",
      "Filter.1.Value.1": "blue",
    });
    expect(filter.status).toBe(400);
    expect(filter.text).toContain("<Code>InvalidParameterValue</Code>");
    expect(filter.text).toContain("The filter 'color' is invalid");
  });

  it("denies callers without ec2:Describe permission as EC2 does", async () => {
    const response = await queryCall(aws.url, NOBODY, "ec2", {
      Action: "DescribeNetworkInterfaces",
      Version: "2016-11-15",
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain("<Code>UnauthorizedOperation</Code>");
    expect(response.text).toContain(
      "You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/Nobody/Nobody-session is not authorized to perform: ec2:DescribeNetworkInterfaces because no identity-based policy allows the ec2:DescribeNetworkInterfaces action",
    );
  });
});
