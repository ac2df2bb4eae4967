// AWS::S3::Bucket and AWS::S3::BucketPolicy. A bucket is owned by its stack's account; Block Public
// Access defaults to all four settings on (S3's default for new buckets since April 2023); ACLs are
// disabled (BucketOwnerEnforced), so `AccessControl` is not honoured and is reported as unsupported.
// A public bucket policy on a bucket with BlockPublicPolicy is refused, as S3 refuses PutBucketPolicy.
import { AccountmeshError } from "../../../../shared/errors.js";
import { generatedName } from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import { isPublicPolicy } from "./s3-access.js";
import type { S3Store } from "./s3-store.js";

const label = (resource: ResolvedResource) =>
  `${resource.stack.account}/${resource.stack.stackName}/${resource.logicalId}`;

function blockSetting(resource: ResolvedResource, name: string): boolean {
  const config = resource.properties.PublicAccessBlockConfiguration as Record<string, unknown> | undefined;
  const value = config?.[name];
  return value === undefined ? true : value === true || value === "true";
}

export function createS3Providers(store: S3Store): ResourceProvider[] {
  return [
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
        const { account, region } = resource.stack;
        const name =
          (resource.properties.BucketName as string | undefined) ?? generatedName(resource, 63, true);
        const existing = store.bucket(name);
        if (existing !== undefined && existing.account !== account) {
          throw new AccountmeshError(
            "S3_BUCKET_NAME_TAKEN",
            `${label(resource)}: bucket name ${name} is already owned by account ${existing.account}; bucket names are global. Choose another BucketName.`,
            { name },
          );
        }
        store.addBucket({
          name,
          account,
          region,
          arn: `arn:aws:s3:::${name}`,
          blockPublicPolicy: blockSetting(resource, "BlockPublicPolicy"),
          restrictPublicBuckets: blockSetting(resource, "RestrictPublicBuckets"),
          creationDate: new Date().toISOString(),
        });
        return {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
            DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
            WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
          },
        };
      },
    },
    {
      type: "AWS::S3::BucketPolicy",
      properties: ["Bucket", "PolicyDocument"],
      async create(resource) {
        const name = String(resource.properties.Bucket);
        const bucket = store.bucket(name);
        if (bucket === undefined) {
          throw new AccountmeshError(
            "S3_BUCKET_NOT_FOUND",
            `${label(resource)}: bucket ${name} does not exist locally; a bucket policy needs its AWS::S3::Bucket in the assembly.`,
            { name },
          );
        }
        const policy = resource.properties.PolicyDocument as PolicyDocument;
        if (bucket.blockPublicPolicy && isPublicPolicy(policy)) {
          throw new AccountmeshError(
            "S3_PUBLIC_POLICY_BLOCKED",
            `${label(resource)}: the policy of bucket ${name} is public (it allows "*" without a condition on the caller) and the bucket blocks public policies (BlockPublicPolicy), so S3 refuses it. Serve the bucket through CloudFront with origin access control instead, or scope the policy's principal.`,
            { name },
          );
        }
        bucket.policy = policy;
        return { ref: name };
      },
    },
  ];
}
