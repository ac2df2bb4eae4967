// @peculiar/x509 resolves its internals through tsyringe, which throws at import time unless a
// Reflect metadata polyfill is loaded first. ESM evaluates imports in order, so keep this line first.
import "reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from "@peculiar/x509";

export type CertificateKeyType = "RSA_2048" | "EC_prime256v1";

export const CERTIFICATE_KEY_TYPES: readonly CertificateKeyType[] = ["RSA_2048", "EC_prime256v1"];
export const MIN_VALIDITY_DAYS = 1;
export const MAX_VALIDITY_DAYS = 825;
/** notBefore is backdated by this much so that clients with a slightly slow clock accept the certificate. */
export const NOT_BEFORE_BACKDATE_MS = 5 * 60 * 1000;

export interface SelfSignedCertificateRequest {
  commonName: string;
  subjectAlternativeNames: string[];
  validityDays: number;
  keyType?: CertificateKeyType;
  now?: Date;
}

export interface SelfSignedCertificate {
  certificatePem: string;
  /** Unencrypted PEM in the traditional form ACM documents: PKCS#1 for RSA, SEC1 for EC. */
  privateKeyPem: string;
  notBefore: Date;
  notAfter: Date;
  /** Upper-case hex, as `node:crypto` X509Certificate reports it. */
  serialNumber: string;
}

/** A request after validation: lower-cased names, the common name always first among the SANs. */
export interface NormalizedCertificateRequest {
  commonName: string;
  subjectAlternativeNames: string[];
  validityDays: number;
  keyType: CertificateKeyType;
}

export type CertificateInputErrorCode =
  | "CERTIFICATE_INVALID_COMMON_NAME"
  | "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME"
  | "CERTIFICATE_INVALID_VALIDITY_DAYS"
  | "CERTIFICATE_INVALID_KEY_TYPE"
  | "CERTIFICATE_INVALID_NOW";

export class CertificateInputError extends Error {
  override readonly name = "CertificateInputError";
  constructor(
    readonly code: CertificateInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_NAME_RULE =
  "each dot-separated label must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen, " +
  'the whole name at most 253 characters; a wildcard is allowed only as the entire leftmost label of a name with at least two more labels ("*.example.com")';

/** Why `name` is not a DNS name we can put in a certificate, or undefined when it is one. */
function dnsNameProblem(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > 253) return `it is ${name.length} characters long`;
  const labels = name.split(".");
  const wildcard = labels[0] === "*";
  const rest = wildcard ? labels.slice(1) : labels;
  if (wildcard && rest.length < 2) return "a wildcard needs at least two labels after it";
  const bad = rest.find((label) => !LABEL.test(label));
  if (bad !== undefined) return bad === "" ? "it has an empty label" : `label "${bad}" is not allowed`;
  return undefined;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${String(value)} (${typeof value})`;
}

/** Input of unknown shape (e.g. CloudFormation properties) to validate like a SelfSignedCertificateRequest. */
export interface UntrustedCertificateRequest {
  commonName: unknown;
  subjectAlternativeNames: unknown;
  validityDays: unknown;
  keyType?: unknown;
}

function isCertificateKeyType(value: unknown): value is CertificateKeyType {
  return CERTIFICATE_KEY_TYPES.some((type) => type === value);
}

/** Validates and normalizes a request; throws CertificateInputError naming the first problem found. */
export function normalizeCertificateRequest(
  request: UntrustedCertificateRequest,
): NormalizedCertificateRequest {
  const { commonName, subjectAlternativeNames, validityDays, keyType } = request;
  if (typeof commonName !== "string" || commonName.trim() === "") {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_COMMON_NAME",
      `Invalid certificate common name ${show(commonName)}: it must be a non-empty DNS name. ` +
        'Pass the main host name the certificate is for, e.g. "*.cross-account-microservices.com".',
    );
  }
  const cn = commonName.trim().toLowerCase();
  const cnProblem = cn.length > 64 ? "it is longer than 64 characters" : dnsNameProblem(cn);
  if (cnProblem !== undefined) {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_COMMON_NAME",
      `Invalid certificate common name ${show(commonName)}: ${cnProblem}. The common name must be a DNS name of ` +
        `at most 64 characters (${DNS_NAME_RULE}); put longer names in subjectAlternativeNames.`,
    );
  }
  if (!Array.isArray(subjectAlternativeNames)) {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      `Invalid subjectAlternativeNames ${show(subjectAlternativeNames)}: expected an array of DNS names. Pass [] for none.`,
    );
  }
  const names = [cn];
  const requested: readonly unknown[] = subjectAlternativeNames;
  for (const san of requested) {
    const normalized = typeof san === "string" ? san.trim().toLowerCase() : "";
    const problem = typeof san === "string" ? dnsNameProblem(normalized) : "it is not a string";
    if (problem !== undefined) {
      throw new CertificateInputError(
        "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
        `Invalid subject alternative name ${show(san)}: ${problem}. Each name must be a DNS name: ${DNS_NAME_RULE}.`,
      );
    }
    if (!names.includes(normalized)) names.push(normalized);
  }
  if (
    typeof validityDays !== "number" ||
    !Number.isInteger(validityDays) ||
    validityDays < MIN_VALIDITY_DAYS ||
    validityDays > MAX_VALIDITY_DAYS
  ) {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_VALIDITY_DAYS",
      `Invalid validityDays ${show(validityDays)}: expected a whole number of days from ${MIN_VALIDITY_DAYS} to ` +
        `${MAX_VALIDITY_DAYS}. Pass e.g. 365.`,
    );
  }
  const type = keyType ?? "RSA_2048";
  if (!isCertificateKeyType(type)) {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_KEY_TYPE",
      `Invalid keyType ${show(keyType)}: expected one of ${CERTIFICATE_KEY_TYPES.join(", ")}, or leave it out for RSA_2048.`,
    );
  }
  return { commonName: cn, subjectAlternativeNames: names, validityDays, keyType: type };
}

const ALGORITHMS = {
  RSA_2048: {
    generate: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    pemType: "pkcs1",
  },
  EC_prime256v1: {
    generate: { name: "ECDSA", namedCurve: "P-256" },
    sign: { name: "ECDSA", hash: "SHA-256" },
    pemType: "sec1",
  },
} as const;

/** 16 random bytes, first byte 0x01-0x7f so the DER INTEGER is positive and keeps all 16 bytes. */
function randomSerialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString("hex").toUpperCase();
}

/**
 * Creates a self-signed X.509 v3 TLS server certificate (SHA-256, CA:false, digitalSignature +
 * keyEncipherment, serverAuth) whose SANs are the common name followed by the other names.
 */
export async function createSelfSignedCertificate(
  request: SelfSignedCertificateRequest,
): Promise<SelfSignedCertificate> {
  const spec = normalizeCertificateRequest(request);
  const now = request.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new CertificateInputError(
      "CERTIFICATE_INVALID_NOW",
      `Invalid now ${show(now)}: expected a valid Date. Leave it out to use the current time.`,
    );
  }
  // X.509 times have whole seconds: truncate so the returned dates equal the certificate's.
  const start = Math.floor(now.getTime() / 1000) * 1000;
  const notBefore = new Date(start - NOT_BEFORE_BACKDATE_MS);
  const notAfter = new Date(start + spec.validityDays * 24 * 60 * 60 * 1000);
  const algorithm = ALGORITHMS[spec.keyType];
  const keys = await webcrypto.subtle.generateKey(algorithm.generate, true, ["sign", "verify"]);
  const serialNumber = randomSerialNumber();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber,
      name: [{ CN: [spec.commonName] }],
      notBefore,
      notAfter,
      signingAlgorithm: algorithm.sign,
      keys,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth], false),
        new SubjectAlternativeNameExtension(
          spec.subjectAlternativeNames.map((value) => ({ type: "dns" as const, value })),
          false,
        ),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  const privateKeyPem = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" })
    .export({ format: "pem", type: algorithm.pemType })
    .toString();
  return {
    certificatePem: certificate.toString("pem"),
    privateKeyPem,
    notBefore,
    notAfter,
    serialNumber,
  };
}
