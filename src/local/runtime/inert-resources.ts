// Types with no local behaviour. Some still need a name and an ARN because other resources refer
// to them (a function's log group, the access-log bucket): small providers hand those out, and the
// types are listed once as inert at start-up all the same.
import { stableId } from "../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../assembly/types.js";

export const INERT_TYPES: ReadonlyMap<string, string> = new Map([
  ["AWS::CDK::Metadata", "CDK bookkeeping"],
  ["AWS::Logs::LogGroup", "function logs are printed to the terminal instead of CloudWatch"],
  ["AWS::EC2::FlowLog", "no flow logs are recorded locally"],
  ["AWS::EC2::InternetGateway", "nothing leaves the machine"],
  ["AWS::EC2::VPCGatewayAttachment", "nothing leaves the machine"],
  ["AWS::EC2::RouteTable", "reachability follows VPC membership, endpoints and private zones"],
  ["AWS::EC2::Route", "reachability follows VPC membership, endpoints and private zones"],
  [
    "AWS::EC2::SubnetRouteTableAssociation",
    "reachability follows VPC membership, endpoints and private zones",
  ],
  ["AWS::EC2::SecurityGroup", "security group rules are not enforced locally"],
  ["AWS::EC2::SecurityGroupIngress", "security group rules are not enforced locally"],
  ["AWS::EC2::SecurityGroupEgress", "security group rules are not enforced locally"],
  ["AWS::S3::Bucket", "no S3 locally: the bucket exists by name only (e.g. ALB access logs are not written)"],
  ["AWS::S3::BucketPolicy", "no S3 locally"],
  ["AWS::ApiGateway::Account", "API Gateway's CloudWatch role: no CloudWatch locally"],
]);

function generatedName(resource: ResolvedResource, max: number, lower: boolean): string {
  const base = `${resource.stack.stackName}-${resource.logicalId}`.slice(0, max - 13);
  const name = `${base}-${stableId([resource.stack.account, base], 12, "alnum")}`;
  return lower ? name.toLowerCase() : name;
}

export function createNamedInertProviders(): ResourceProvider[] {
  return [
    {
      type: "AWS::Logs::LogGroup",
      properties: ["LogGroupName", "RetentionInDays", "KmsKeyId", "LogGroupClass", "Tags"],
      async create(resource) {
        const { account, region } = resource.stack;
        const name =
          (resource.properties.LogGroupName as string | undefined) ?? generatedName(resource, 512, false);
        return { ref: name, attributes: { Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` } };
      },
    },
    {
      type: "AWS::S3::Bucket",
      properties: [
        "BucketName",
        "BucketEncryption",
        "PublicAccessBlockConfiguration",
        "VersioningConfiguration",
        "LifecycleConfiguration",
        "OwnershipControls",
        "Tags",
      ],
      async create(resource) {
        const { region } = resource.stack;
        const name =
          (resource.properties.BucketName as string | undefined) ?? generatedName(resource, 63, true);
        return {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
            DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
            WebsiteURL: `http://${name}.s3-website.${region}.amazonaws.com`,
          },
        };
      },
    },
  ];
}
