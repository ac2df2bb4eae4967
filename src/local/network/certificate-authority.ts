// The local certificate authority: one CA generated on first start and kept under
// `.accountmesh/tls/` (never committed), and leaf certificates for the names the local servers answer
// (load balancer listeners, VPC endpoints, execute-api). Leaves are cached on disk by their name set,
// so a restart serves the same certificate.
//
// @peculiar/x509 resolves its internals through tsyringe, which needs the Reflect metadata polyfill
// before it is imported: keep this line first.
import "reflect-metadata";
import { createHash, createPrivateKey, webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
  X509CertificateGenerator,
} from "@peculiar/x509";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
/** A cached leaf is reissued when it has less than this left. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

export interface TlsKeyPair {
  readonly cert: string;
  readonly key: string;
}

export class CertificateAuthority {
  private readonly leaves = new Map<string, Promise<TlsKeyPair>>();

  private constructor(
    private readonly dir: string | undefined,
    readonly ca: TlsKeyPair,
    private readonly caKey: CryptoKey,
  ) {}

  /** Loads the CA from `dir` (creating it on first use); `dir` undefined keeps everything in memory. */
  static async open(dir: string | undefined): Promise<CertificateAuthority> {
    const certFile = dir === undefined ? undefined : join(dir, "ca.pem");
    const keyFile = dir === undefined ? undefined : join(dir, "ca-key.pem");
    if (certFile !== undefined && keyFile !== undefined && existsSync(certFile) && existsSync(keyFile)) {
      const pair = { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
      return new CertificateAuthority(dir, pair, await importKey(pair.key));
    }
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
    const now = Date.now();
    const cert = await X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: serial(`ca:${now}`),
        name: "CN=accountmesh local CA, O=accountmesh",
        notBefore: new Date(now - DAY_MS),
        notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS),
        signingAlgorithm: ALGORITHM,
        keys,
        extensions: [
          new BasicConstraintsExtension(true, 0, true),
          new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        ],
      },
      webcrypto,
    );
    const pair = { cert: cert.toString("pem"), key: await exportKey(keys.privateKey) };
    if (dir !== undefined && certFile !== undefined && keyFile !== undefined) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, pair.key, { mode: 0o600 });
      writeFileSync(certFile, pair.cert);
    }
    return new CertificateAuthority(dir, pair, keys.privateKey);
  }

  /** Path of the CA certificate on disk (undefined in memory mode), for clients that want to trust it. */
  get caFile(): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, "ca.pem");
  }

  /** A leaf certificate for these DNS names (wildcards allowed), signed by the CA. */
  issue(names: readonly string[]): Promise<TlsKeyPair> {
    const sorted = [...new Set(names.map((n) => n.toLowerCase()))].sort();
    const id = createHash("sha256").update(sorted.join(",")).digest("hex").slice(0, 16);
    let leaf = this.leaves.get(id);
    if (leaf === undefined) {
      leaf = this.loadOrIssue(id, sorted);
      this.leaves.set(id, leaf);
    }
    return leaf;
  }

  private async loadOrIssue(id: string, names: readonly string[]): Promise<TlsKeyPair> {
    const file = this.dir === undefined ? undefined : join(this.dir, `leaf-${id}.json`);
    if (file !== undefined && existsSync(file)) {
      const cached = JSON.parse(readFileSync(file, "utf8")) as TlsKeyPair & { notAfter: number };
      if (cached.notAfter - Date.now() > RENEW_BEFORE_MS) {
        return { cert: cached.cert, key: cached.key };
      }
    }
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
    const now = Date.now();
    const notAfter = now + LEAF_VALIDITY_DAYS * DAY_MS;
    const cert = await X509CertificateGenerator.create(
      {
        serialNumber: serial(`${id}:${now}`),
        subject: `CN=${names[0] ?? "localhost"}`,
        issuer: new X509Certificate(this.ca.cert).subject,
        notBefore: new Date(now - DAY_MS),
        notAfter: new Date(notAfter),
        signingAlgorithm: ALGORITHM,
        publicKey: keys.publicKey,
        signingKey: this.caKey,
        extensions: [
          new BasicConstraintsExtension(false, undefined, true),
          new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
          new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
          new SubjectAlternativeNameExtension(names.map((value) => ({ type: "dns" as const, value }))),
        ],
      },
      webcrypto,
    );
    const pair = { cert: `${cert.toString("pem")}\n${this.ca.cert}`, key: await exportKey(keys.privateKey) };
    if (file !== undefined) {
      writeFileSync(file, JSON.stringify({ ...pair, notAfter }), { mode: 0o600 });
    }
    return pair;
  }
}

function serial(seed: string): string {
  // Positive 16-byte serial: clear the top bit.
  const hex = createHash("sha256").update(seed).digest("hex").slice(0, 32);
  return (Number.parseInt(hex.slice(0, 2), 16) & 0x7f).toString(16).padStart(2, "0") + hex.slice(2);
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({
    format: "pem",
    type: "pkcs8",
  }) as string;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ format: "der", type: "pkcs8" });
  return webcrypto.subtle.importKey("pkcs8", der, ALGORITHM, false, ["sign"]);
}
