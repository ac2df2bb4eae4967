// Secrets as the Secrets Manager providers create them: one version (AWSCURRENT) each, the KMS key
// that protects it, and the secret's resource policy. Found by name in the caller's account and
// region, or by full or partial ARN in any account.
import { stableId } from "../../../../shared/ids.js";
import type { PolicyDocument } from "../../../iam/types.js";

export interface Secret {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly description?: string;
  /** undefined: a secret created without a value (no AWSCURRENT version). */
  readonly secretString?: string;
  /** KmsKeyId as given (key id, key ARN, alias); undefined: the AWS managed key aws/secretsmanager. */
  readonly kmsKeyId?: string;
  readonly versionId: string;
  readonly createdDate: Date;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  resourcePolicy?: PolicyDocument;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;

/** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`, stable per secret. */
export function secretArn(account: string, region: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${stableId(["secret-arn", account, region, name], 6, "alnum")}`;
}

/** A stable version id in UUID form. */
export function secretVersionId(arn: string, secretString: string | undefined): string {
  const hex = stableId(["secret-version", arn, secretString ?? ""], 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class SecretStore {
  private readonly byArn = new Map<string, Secret>();

  add(secret: Secret): void {
    this.byArn.set(secret.arn, secret);
  }

  /** By name (in `account`/`region`), full ARN or partial ARN (without the 6-character suffix). */
  find(secretId: string, account: string, region: string): Secret | undefined {
    const arn = SECRET_ARN.exec(secretId);
    if (arn === null) return this.byName(account, region, secretId);
    const exact = this.byArn.get(secretId);
    if (exact !== undefined) return exact;
    const [, arnRegion, arnAccount, name] = arn as unknown as [string, string, string, string];
    return this.byName(arnAccount, arnRegion, name);
  }

  private byName(account: string, region: string, name: string): Secret | undefined {
    for (const secret of this.byArn.values()) {
      if (secret.name === name && secret.account === account && secret.region === region) return secret;
    }
    return undefined;
  }
}
