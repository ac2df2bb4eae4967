import { type CfnElement, CustomResource, Duration, Stack } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as iam from "aws-cdk-lib/aws-iam";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";
import { NodeFunction } from "./node-function.js";

/** Tag every self-signed certificate carries; the provider may only import and delete such certificates. */
export const SELF_SIGNED_TAG = { key: "accountmesh:self-signed", value: "true" } as const;

export interface SelfSignedCertificateProps {
  /** Subject common name, e.g. `*.example.com`. */
  readonly commonName: string;
  /** @default [commonName] */
  readonly subjectAlternativeNames?: readonly string[];
  /** @default 365 */
  readonly validityDays?: number;
}

/**
 * A self-signed test certificate generated **at deploy time** by a custom resource and imported
 * into ACM, so that no private key is ever in a template or the repository. For production pass
 * the ARN of an ACM certificate instead (see the README).
 */
export class SelfSignedCertificate extends Construct {
  readonly certificate: acm.ICertificate;
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: SelfSignedCertificateProps) {
    super(scope, id);
    const validityDays = props.validityDays ?? 365;
    if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 825) {
      throw new Error(`validityDays must be an integer from 1 to 825; received ${validityDays}.`);
    }
    const resource = new CustomResource(this, "Resource", {
      serviceToken: SelfSignedCertificateProvider.of(this).serviceToken,
      resourceType: "Custom::SelfSignedCertificate",
      properties: {
        CommonName: props.commonName,
        SubjectAlternativeNames: [...(props.subjectAlternativeNames ?? [props.commonName])],
        ValidityDays: String(validityDays),
        Tags: [{ Key: SELF_SIGNED_TAG.key, Value: SELF_SIGNED_TAG.value }],
      },
    });
    this.certificateArn = resource.getAttString("CertificateArn");
    this.certificate = acm.Certificate.fromCertificateArn(this, "Certificate", this.certificateArn);
  }
}

/** One provider per stack, shared by its self-signed certificates. */
class SelfSignedCertificateProvider extends Construct {
  static of(scope: Construct): SelfSignedCertificateProvider {
    const stack = Stack.of(scope);
    const id = "SelfSignedCertificateProvider";
    return (
      (stack.node.tryFindChild(id) as SelfSignedCertificateProvider) ??
      new SelfSignedCertificateProvider(stack, id)
    );
  }

  readonly serviceToken: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const certificates = stack.formatArn({ service: "acm", resource: "certificate", resourceName: "*" });
    const onEvent = new NodeFunction(this, "OnEvent", {
      handlerPath: "certificates/certificate-provider.ts",
      description: "accountmesh: creates self-signed test certificates in ACM at deploy time",
      timeout: Duration.minutes(10),
      memorySize: 256,
    });
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ImportOnlyTaggedCertificates",
        actions: ["acm:ImportCertificate", "acm:AddTagsToCertificate"],
        resources: [certificates],
        conditions: { StringEquals: { [`aws:RequestTag/${SELF_SIGNED_TAG.key}`]: SELF_SIGNED_TAG.value } },
      }),
    );
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "DescribeAndDeleteOnlyOurCertificates",
        actions: ["acm:DescribeCertificate", "acm:DeleteCertificate"],
        resources: [certificates],
        conditions: { StringEquals: { [`aws:ResourceTag/${SELF_SIGNED_TAG.key}`]: SELF_SIGNED_TAG.value } },
      }),
    );
    const provider = new cr.Provider(this, "Provider", { onEventHandler: onEvent });
    this.serviceToken = provider.serviceToken;

    const onEventLogicalId = stack.getLogicalId(onEvent.node.defaultChild as CfnElement);
    acknowledge(
      this,
      "AwsSolutions-IAM5",
      "A new certificate's ARN is unknown before import: ImportCertificate/DeleteCertificate are scoped to this account's certificates and conditioned on the accountmesh:self-signed tag. The Provider framework may invoke only our onEvent function (its versions need the :* suffix).",
      [
        `Resource::arn:<AWS::Partition>:acm:${stack.region}:${stack.account}:certificate/*`,
        `Resource::<${onEventLogicalId}.Arn>:*`,
      ],
    );
    acknowledge(
      this,
      "AwsSolutions-IAM4",
      "The CDK custom resource Provider framework's own function uses AWSLambdaBasicExecutionRole for its logs; it is CDK-managed and holds no other permission.",
      ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    );
    acknowledge(
      this,
      "AwsSolutions-L1",
      "The CDK Provider framework pins its own runtime; our handler deliberately uses nodejs22.x, the runtime the project targets.",
    );
  }
}
