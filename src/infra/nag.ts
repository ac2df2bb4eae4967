import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Acknowledges cdk-nag findings on a construct and everything below it, each with its reason.
 * `findings` are the bracketed finding ids cdk-nag 3 reports (e.g. `Resource::*`); without them
 * the whole rule is acknowledged (rules that report no finding id).
 */
export function acknowledge(
  scope: IConstruct,
  rule: string,
  reason: string,
  findings: readonly string[] = [],
): void {
  // Qualified as cdk-nag prints them (`AwsSolutions::AwsSolutions-IAM5[Resource::*]`); unqualified
  // ids whose finding contains "::" would be mis-parsed as plugin namespaces.
  const pack = rule.split("-")[0];
  const ids = (findings.length === 0 ? [rule] : findings.map((f) => `${rule}[${f}]`)).map(
    (id) => `${pack}::${id}`,
  );
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** Construct id CDK gives the one Lambda function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_SINGLETON = "AWS679f53fac002430cb0da5b7982bd2287";

/** Acknowledges what cdk-nag reports on the CDK-owned function behind AwsCustomResource. */
export function acknowledgeAwsCustomResourceFunction(stack: IConstruct): void {
  const singleton = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_SINGLETON);
  if (singleton === undefined) return;
  acknowledge(
    singleton,
    "AwsSolutions-IAM4",
    "CDK's AwsCustomResource function logs through the AWS-managed AWSLambdaBasicExecutionRole; CDK owns this role and its only other grants are the read-only SDK calls declared by our lookups.",
    ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
  );
}
