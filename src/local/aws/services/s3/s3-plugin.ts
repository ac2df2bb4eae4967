// S3: buckets exist by name, ARN and domain names only (nothing is stored locally yet).
import { generatedName } from "../../../assembly/resource-properties.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";

export const s3Plugin: ServicePlugin = {
  name: "s3",
  start: () => ({
    inertTypes: {
      "AWS::S3::Bucket":
        "no S3 locally: the bucket exists by name only (e.g. ALB access logs are not written)",
      "AWS::S3::BucketPolicy": "no S3 locally",
    },
    providers: [
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
    ],
  }),
};
