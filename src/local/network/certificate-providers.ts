// Certificates locally: `Custom::SelfSignedCertificate` (our deploy-time provider on AWS) becomes a
// leaf of the local CA with the same names; the store maps certificate ARNs to key pairs for the
// TLS listeners. An ACM ARN the templates only reference (an imported or issued certificate we never
// saw) gets a local certificate for the names that point at its listener, and is reported.
import { stableId } from "../../shared/ids.js";
import { requiredText, textList } from "../assembly/resource-properties.js";
import type { ResourceProvider } from "../assembly/types.js";
import type { CertificateAuthority, TlsKeyPair } from "./certificate-authority.js";

export class CertificateStore {
  private readonly names = new Map<string, readonly string[]>();

  constructor(private readonly authority: CertificateAuthority) {}

  register(arn: string, names: readonly string[]): void {
    this.names.set(arn, names);
  }

  knows(arn: string): boolean {
    return this.names.has(arn);
  }

  /** The key pair for a certificate ARN; `fallbackNames` serve an ARN the system never created. */
  keyPair(arn: string, fallbackNames: readonly string[]): Promise<TlsKeyPair> {
    return this.authority.issue(this.names.get(arn) ?? fallbackNames);
  }

  issue(names: readonly string[]): Promise<TlsKeyPair> {
    return this.authority.issue(names);
  }
}

export function createCertificateProviders(store: CertificateStore): ResourceProvider[] {
  return [
    {
      type: "Custom::SelfSignedCertificate",
      properties: [
        "ServiceToken",
        "CommonName",
        "SubjectAlternativeNames",
        "ValidityDays",
        "KeyType",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const commonName = requiredText(resource, "CommonName");
        const names = [
          commonName,
          ...textList(resource, "SubjectAlternativeNames").filter((n) => n !== commonName),
        ];
        const id = stableId([account, stackName, resource.logicalId], 32);
        const arn = `arn:aws:acm:${region}:${account}:certificate/${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
        store.register(arn, names);
        await store.issue(names);
        return { ref: arn, attributes: { CertificateArn: arn } };
      },
    },
  ];
}
