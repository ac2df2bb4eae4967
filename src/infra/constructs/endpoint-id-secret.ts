import { Duration, SecretValue, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

export interface EndpointIdSecretProps {
  readonly secretName: string;
  /** The VPC endpoint id to publish (the secret string is the raw id, as in the seed). */
  readonly endpointId: string;
  /** The only other accounts that may read the secret and decrypt it. */
  readonly readerAccounts: readonly string[];
}

/**
 * The consumer's published contract: a Secrets Manager secret holding the execute-api VPC
 * endpoint id, encrypted with a customer-managed KMS key (an AWS-managed key cannot be used
 * across accounts), readable and decryptable only by the listed accounts.
 */
export class EndpointIdSecret extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EndpointIdSecretProps) {
    super(scope, id);
    const readers = props.readerAccounts.map((account) => new iam.AccountPrincipal(account));
    this.key = new kms.Key(this, "Key", {
      description: `Encrypts the ${props.secretName} secret shared with the microservice accounts`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MicroserviceAccountsDecryptViaSecretsManager",
        principals: readers,
        actions: ["kms:Decrypt", "kms:DescribeKey"],
        resources: ["*"],
        conditions: {
          StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
    this.secret = new secretsmanager.Secret(this, "Secret", {
      secretName: props.secretName,
      description: "The consumer's execute-api VPC endpoint id (private APIs admit only requests through it)",
      encryptionKey: this.key,
      secretStringValue: SecretValue.unsafePlainText(props.endpointId),
    });
    this.secret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "MicroserviceAccountsRead",
        principals: readers,
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: ["*"],
      }),
    );
    acknowledge(
      this.secret,
      "AwsSolutions-SMG4",
      "The secret holds a VPC endpoint id, an identifier rather than a credential: there is nothing to rotate; it changes only when the endpoint is replaced, and the stack updates it then.",
    );
  }
}
