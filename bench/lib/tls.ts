// A certificate for the reference servers (floor, bare https, peer), from the runtime's own local CA
// code kept in memory: the same key type (ECDSA P-256) the runtime's listeners use.
import { CertificateAuthority, type TlsKeyPair } from "../../src/local/network/certificate-authority.js";

export async function localhostCertificate(): Promise<TlsKeyPair> {
  const authority = await CertificateAuthority.open(undefined);
  return authority.issue(["localhost", "127.0.0.1"]);
}
