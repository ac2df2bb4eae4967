import { Stack } from "aws-cdk-lib";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { acknowledge, acknowledgeAwsCustomResourceFunction } from "../nag.js";

/**
 * The id of the region's AWS-managed DynamoDB prefix list (`com.amazonaws.<region>.dynamodb`),
 * looked up at deploy time so that synth stays offline and no region table is kept by hand.
 */
export class DynamoDbPrefixList extends Construct {
  readonly prefixListId: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const name = `com.amazonaws.${Stack.of(this).region}.dynamodb`;
    const lookup = new cr.AwsCustomResource(this, "Lookup", {
      resourceType: "Custom::ManagedPrefixListLookup",
      onUpdate: {
        service: "EC2",
        action: "describeManagedPrefixLists",
        parameters: { Filters: [{ Name: "prefix-list-name", Values: [name] }] },
        physicalResourceId: cr.PhysicalResourceId.of(name),
        outputPaths: ["PrefixLists.0.PrefixListId"],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    this.prefixListId = lookup.getResponseField("PrefixLists.0.PrefixListId");
    acknowledgeAwsCustomResourceFunction(Stack.of(this));
    acknowledge(
      lookup,
      "AwsSolutions-IAM5",
      "ec2:DescribeManagedPrefixLists supports no resource-level permissions, so its Resource must be *; the action is read-only.",
      ["Resource::*"],
    );
  }
}
