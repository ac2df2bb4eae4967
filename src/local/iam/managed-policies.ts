// The AWS managed policies the CDK attaches to the roles it creates, with their real statements (AWS
// Managed Policy Reference). An AWS managed policy not listed here is reported as unsupported by the
// IAM state and grants nothing.
import type { PolicyDocument } from "./types.js";

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

function allow(sid: string | undefined, actions: readonly string[]): PolicyDocument {
  const statement = { Effect: "Allow" as const, Action: actions, Resource: "*" };
  return Object.freeze({
    Version: "2012-10-17",
    Statement: [Object.freeze(sid === undefined ? statement : { Sid: sid, ...statement })],
  });
}

/** By path and name after `policy/`, e.g. `service-role/AWSLambdaBasicExecutionRole`. */
const CATALOG: ReadonlyMap<string, PolicyDocument> = new Map([
  ["AdministratorAccess", allow(undefined, ["*"])],
  [
    "service-role/AWSLambdaBasicExecutionRole",
    allow(undefined, ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
  ],
  [
    "service-role/AWSLambdaVPCAccessExecutionRole",
    allow("AWSLambdaVPCAccessExecutionPermissions", [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]),
  ],
  [
    "service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    allow(undefined, [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:DescribeLogGroups",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
      "logs:GetLogEvents",
      "logs:FilterLogEvents",
    ]),
  ],
]);

/** Whether the ARN names an AWS managed policy (`arn:aws:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED_ARN.test(arn);
}

/** The document of a catalogued AWS managed policy; undefined when not catalogued. */
export function awsManagedPolicy(arn: string): PolicyDocument | undefined {
  const name = AWS_MANAGED_ARN.exec(arn)?.[1];
  return name === undefined ? undefined : CATALOG.get(name);
}
