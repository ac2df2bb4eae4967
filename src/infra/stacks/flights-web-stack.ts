// The flights web account (seed 002's WebUI, hosted as AWS would host it today): a private S3 bucket
// (Block Public Access on, ACLs disabled, TLS only) behind a CloudFront distribution that reads it
// through origin access control — the bucket policy lets only `cloudfront.amazonaws.com` acting for
// this distribution (`AWS:SourceArn`) read objects. The built app and its `config.json` (the API URLs,
// resolved at deploy time from the other accounts' stacks by weak reference) are written by
// BucketDeployment; nobody edits a URL by hand. Paths the bucket does not hold answer index.html
// (the single-page app's routes).
import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import type { Construct } from "constructs";
import { viteAppSource } from "../constructs/web-app-source.js";
import { acknowledge } from "../nag.js";

/** The Vite project of the flights web app. */
export const FLIGHTS_WEB_APP_DIR = fileURLToPath(new URL("../../../web/flights", import.meta.url));

export interface FlightsWebStackProps extends StackProps {
  /** The booking API's stage URL (`https://<id>.execute-api.<region>.amazonaws.com/Prod/`), a token from its stack. */
  readonly bookingApiUrl: string;
  /** The airmiles API's stage URL, a token from its stack. */
  readonly airmilesApiUrl: string;
  /** A deployment source instead of building web/flights (tests of the templates alone). */
  readonly appSource?: s3deploy.ISource;
}

export class FlightsWebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: FlightsWebStackProps) {
    super(scope, id, props);
    this.bucket = new s3.Bucket(this, "Site", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const spaPage = (httpStatus: number): cloudfront.ErrorResponse => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: "/index.html",
      ttl: Duration.seconds(10),
    });
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "flights web app",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      errorResponses: [spaPage(403), spaPage(404)],
    });
    const deployment = new s3deploy.BucketDeployment(this, "Deploy", {
      sources: [
        props.appSource ?? viteAppSource(FLIGHTS_WEB_APP_DIR),
        s3deploy.Source.jsonData("config.json", {
          bookingApiUrl: props.bookingApiUrl,
          airmilesApiUrl: props.airmilesApiUrl,
        }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ["/*"],
    });
    new CfnOutput(this, "WebUrl", { value: `https://${this.distribution.distributionDomainName}/` });
    new CfnOutput(this, "DistributionId", { value: this.distribution.distributionId });
    this.#acknowledgeFindings(deployment);
  }

  #acknowledgeFindings(deployment: s3deploy.BucketDeployment): void {
    acknowledge(
      this.bucket,
      "AwsSolutions-S1",
      "The site bucket is read only by CloudFront through origin access control; requests are what the distribution logs would show, and a second logging bucket would be a bucket of its own to secure for a static site.",
    );
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR1",
      "A public flight-booking site open to travellers everywhere: no country is excluded, so no geo restriction.",
    );
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR2",
      "Static assets only; the APIs it calls are separate API Gateway endpoints with their own protection.",
    );
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR3",
      "Access logs would need a logging bucket with ACLs enabled (CloudFront standard logging); not kept for a static reference site.",
    );
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR4",
      "The default *.cloudfront.net certificate decides the TLS policy (TLSv1 minimum is CloudFront's setting for it); a custom domain with its own certificate would set TLSv1.2_2021.",
    );
    const handler = this.node.findAll().filter((c) => c.node.id.startsWith("Custom::CDKBucketDeployment"));
    for (const construct of [deployment, ...handler]) {
      acknowledge(
        construct,
        "AwsSolutions-IAM4",
        "CDK's BucketDeployment handler logs through the AWS-managed AWSLambdaBasicExecutionRole; CDK owns this role.",
        ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      );
      acknowledge(
        construct,
        "AwsSolutions-IAM5",
        "CDK's BucketDeployment grants its handler read (s3:GetObject*, s3:GetBucket*, s3:List*) on the CDK asset bucket's objects and object writes (s3:DeleteObject*, s3:Abort*) under the site bucket, since it syncs a whole prefix; cloudfront:CreateInvalidation/GetInvalidation have no resource-level permissions (Resource *). CDK writes these grants.",
        [
          "Action::s3:GetObject*",
          "Action::s3:GetBucket*",
          "Action::s3:List*",
          "Action::s3:DeleteObject*",
          "Action::s3:Abort*",
          "Resource::*",
          "Resource::<SiteE53D7754.Arn>/*",
          `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${this.account}-${this.region}/*`,
        ],
      );
      acknowledge(
        construct,
        "AwsSolutions-L1",
        "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib (Python), pinned with the library.",
      );
    }
  }
}
