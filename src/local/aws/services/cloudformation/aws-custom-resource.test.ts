import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { cdkOutResource, cdkOutStack } from "../../../../../test/support/cdk-out-resources.js";
import { ENI_A, ENI_B, ordersEc2View } from "../../../../../test/support/ec2-fixtures.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";
import {
  type AwsCustomResourceRunner,
  createAwsCustomResourceRunner,
  flattenResponse,
} from "./aws-custom-resource.js";

const CONSUMER_ROLE =
  "arn:aws:iam::111111111111:role/OrdersConsumer-AWS679f53fac002430cb0da5b7982bd2287-ServiceRole";
const FOOD_ROLE = "arn:aws:iam::222222222222:role/OrdersFood-AWS679f53fac002430cb0da5b7982bd2287-ServiceRole";
let aws: LocalAws;
let run: AwsCustomResourceRunner;

beforeAll(async () => {
  aws = await startLocalAws({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    callers: [roleCaller("111111111111", "unused")],
    grants: [
      { principal: CONSUMER_ROLE, action: "ec2:DescribeNetworkInterfaces", resource: "*" },
      { principal: FOOD_ROLE, action: "ec2:DescribeManagedPrefixLists", resource: "*" },
    ],
    ec2: ordersEc2View(),
  });
  run = createAwsCustomResourceRunner(aws.client);
});
afterAll(async () => {
  await aws?.close();
});

describe("AwsCustomResource", () => {
  it("flattens like CDK: nested members and list indexes become dotted keys", () => {
    expect(flattenResponse({ A: [{ B: "x" }, { B: "y", C: null }], D: { E: 1 }, F: [] })).toEqual({
      "A.0.B": "x",
      "A.1.B": "y",
      "A.1.C": null,
      "D.E": 1,
    });
  });

  it("runs the food stack's prefix list lookup as its role and keeps only the output path", async () => {
    const lookup = cdkOutResource(cdkOutStack("OrdersFood"), "MicroserviceDynamoDbPrefixListLookupC5D72818", {
      "AWS679f53fac002430cb0da5b7982bd22872D164C4C.Arn":
        "arn:aws:lambda:eu-central-1:222222222222:function:singleton",
    });
    const provisioned = await run(lookup.properties, {
      roleArn: FOOD_ROLE,
      region: "eu-central-1",
      logicalId: lookup.logicalId,
    });
    expect(provisioned).toEqual({
      ref: "com.amazonaws.eu-central-1.dynamodb",
      attributes: { "PrefixLists.0.PrefixListId": "pl-0dynamodb" },
    });
    expect(aws.authorizer.calls.at(-1)?.request.principal).toMatchObject({ kind: "role", arn: FOOD_ROLE });
  });

  it("runs the consumer's endpoint address lookup; outputPaths keep keys by prefix, as CDK's do", async () => {
    const addresses = cdkOutResource(
      cdkOutStack("OrdersConsumer"),
      "ExecuteApiNetworkInterfaceAddresses76679E02",
      {
        "AWS679f53fac002430cb0da5b7982bd22872D164C4C.Arn":
          "arn:aws:lambda:eu-central-1:111111111111:function:singleton",
        "CdkJsonStringifyFnGetAttExecuteApiEndpointC976111FNetworkInterfaceIds06ECB8F9.Value": JSON.stringify(
          [ENI_A, ENI_B],
        ),
        ExecuteApiEndpointC976111F: "vpce-0123456789abcdef0",
      },
    );
    const provisioned = await run(addresses.properties, {
      roleArn: CONSUMER_ROLE,
      region: "eu-central-1",
      logicalId: addresses.logicalId,
    });
    expect(provisioned.ref).toBe("vpce-0123456789abcdef0");
    expect(provisioned.attributes).toMatchObject({
      "NetworkInterfaces.0.PrivateIpAddress": "10.0.1.10",
      "NetworkInterfaces.1.PrivateIpAddress": "10.0.2.10",
    });
    // `NetworkInterfaces.0.PrivateIpAddress` is also a prefix of `...PrivateIpAddresses.0.*`; nothing else is kept.
    expect(
      Object.keys(provisioned.attributes ?? {}).every((k) =>
        /^NetworkInterfaces\.[01]\.PrivateIpAddress/.test(k),
      ),
    ).toBe(true);
    expect(provisioned.attributes).not.toHaveProperty("NetworkInterfaces.0.VpcId");
  });

  it("fails with coded errors when the role may not call, or the call is unknown", async () => {
    const call = (service: string, action: string) => ({
      Create: JSON.stringify({ service, action, physicalResourceId: { id: "x" } }),
    });
    const context = { roleArn: CONSUMER_ROLE, region: "eu-central-1", logicalId: "Lookup" };
    await expect(run(call("EC2", "describeManagedPrefixLists"), context)).rejects.toMatchObject({
      code: "AWS_CUSTOM_RESOURCE_FAILED",
      message: expect.stringContaining("UnauthorizedOperation"),
    });
    await expect(run(call("@aws-sdk/client-ec2", "DescribeVpcsCommand"), context)).rejects.toMatchObject({
      code: "AWS_CUSTOM_RESOURCE_UNSUPPORTED_CALL",
      message: expect.stringContaining("@aws-sdk/client-ec2.DescribeVpcsCommand"),
    });
    const ignored = await run(
      {
        Create: JSON.stringify({
          service: "EC2",
          action: "describeManagedPrefixLists",
          physicalResourceId: { id: "x" },
          ignoreErrorCodesMatching: "Unauthorized.*",
        }),
      },
      context,
    );
    expect(ignored).toEqual({ ref: "x", attributes: { region: "eu-central-1" } });
  });

  it("takes the physical id from the response when asked to", async () => {
    const provisioned = await run(
      {
        Create: JSON.stringify({
          service: "ec2",
          action: "DescribeManagedPrefixLists",
          parameters: { Filters: [{ Name: "prefix-list-name", Values: ["*.s3"] }] },
          physicalResourceId: { responsePath: "PrefixLists.0.PrefixListId" },
        }),
      },
      { roleArn: FOOD_ROLE, region: "eu-central-1", logicalId: "S3List" },
    );
    expect(provisioned.ref).toBe("pl-0s3");
    expect(provisioned.attributes).toMatchObject({ region: "eu-central-1", "PrefixLists.0.OwnerId": "AWS" });
  });
});
