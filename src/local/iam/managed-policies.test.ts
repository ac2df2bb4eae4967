import { describe, expect, it } from "vitest";
import { awsManagedPolicy, isAwsManagedPolicyArn } from "./managed-policies.js";

// Statements as the AWS Managed Policy Reference gives them:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
describe("AWS managed policies the CDK attaches", () => {
  it("recognises AWS managed policy ARNs, and only those", () => {
    expect(isAwsManagedPolicyArn("arn:aws:iam::aws:policy/AdministratorAccess")).toBe(true);
    expect(isAwsManagedPolicyArn("arn:aws-cn:iam::aws:policy/service-role/X")).toBe(true);
    expect(isAwsManagedPolicyArn("arn:aws:iam::111122223333:policy/Mine")).toBe(false);
    expect(isAwsManagedPolicyArn("xarn:aws:iam::aws:policy/AdministratorAccess")).toBe(false);
    expect(awsManagedPolicy("xarn:aws:iam::aws:policy/AdministratorAccess")).toBeUndefined();
    expect(awsManagedPolicy("arn:aws:iam::111122223333:policy/Mine")).toBeUndefined();
    expect(awsManagedPolicy("arn:aws:iam::aws:policy/NotCatalogued")).toBeUndefined();
  });

  it("holds the real statements", () => {
    const doc = (actions: string[], sid?: string) => ({
      Version: "2012-10-17",
      Statement: [
        { ...(sid === undefined ? {} : { Sid: sid }), Effect: "Allow", Action: actions, Resource: "*" },
      ],
    });
    expect(awsManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess")).toEqual(doc(["*"]));
    expect(awsManagedPolicy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")).toEqual(
      doc(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
    );
    expect(awsManagedPolicy("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")).toEqual(
      doc(
        [
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        "AWSLambdaVPCAccessExecutionPermissions",
      ),
    );
    expect(
      awsManagedPolicy("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
    ).toEqual(
      doc([
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
      ]),
    );
  });
});
