// TLS certificates by ACM ARN: the names each certificate covers, and key pairs the local CA issues
// for them (for load balancer listeners, VPC endpoints and public names). An ARN the templates only
// reference (an imported or issued certificate the system never created) is served with a local
// certificate for the names that point at its listener.
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
