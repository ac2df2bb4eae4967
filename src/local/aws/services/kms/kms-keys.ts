// Customer managed KMS keys and aliases, as the KMS providers create them. Keys carry their key
// policy (the resource policy of every kms: check on them). No key material: nothing is encrypted
// locally, but every decrypt a service would make is authorized as KMS would authorize it.
import type { PolicyDocument } from "../../../iam/types.js";

export interface KmsKey {
  readonly id: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly policy: PolicyDocument;
  readonly description: string;
  readonly enabled: boolean;
  readonly creationDate: Date;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

export class KmsKeys {
  private readonly keys = new Map<string, KmsKey>();
  /** `<region>/<account>/<alias name>` → key ARN. */
  private readonly aliases = new Map<string, string>();

  addKey(key: KmsKey): void {
    this.keys.set(key.arn, key);
  }

  /** `aliasName` is `alias/<name>`; `target` a key id or key ARN in the same account and region. */
  addAlias(account: string, region: string, aliasName: string, target: string): KmsKey | undefined {
    const key = this.resolve(target, account, region);
    if (key !== undefined) this.aliases.set(`${region}/${account}/${aliasName}`, key.arn);
    return key;
  }

  /** A key by id, key ARN, alias name (`alias/x`, in `account`/`region`) or alias ARN. */
  resolve(keyId: string, account: string, region: string): KmsKey | undefined {
    const keyArn = KEY_ARN.exec(keyId);
    if (keyArn !== null) return this.keys.get(keyId);
    const aliasArn = ALIAS_ARN.exec(keyId);
    if (aliasArn !== null) {
      const [, aliasRegion, aliasAccount, alias] = aliasArn as unknown as [string, string, string, string];
      return this.byAlias(aliasAccount, aliasRegion, alias);
    }
    if (keyId.startsWith("alias/")) return this.byAlias(account, region, keyId);
    return this.keys.get(`arn:aws:kms:${region}:${account}:key/${keyId}`);
  }

  private byAlias(account: string, region: string, alias: string): KmsKey | undefined {
    const arn = this.aliases.get(`${region}/${account}/${alias}`);
    return arn === undefined ? undefined : this.keys.get(arn);
  }
}
