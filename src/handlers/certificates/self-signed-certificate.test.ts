import "reflect-metadata";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { createServer, get } from "node:https";
import type { AddressInfo } from "node:net";
import type { PeerCertificate, TLSSocket } from "node:tls";
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Certificate as ParsedCertificate,
} from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import {
  type CertificateKeyType,
  createSelfSignedCertificate,
  normalizeCertificateRequest,
  type SelfSignedCertificate,
  type UntrustedCertificateRequest,
} from "./self-signed-certificate.js";

const WILDCARD = "*.cross-account-microservices.com";
const FOOD = "food.cross-account-microservices.com";
const NOW = new Date("2025-03-01T12:00:00.750Z");
const DAY = 24 * 60 * 60 * 1000;

describe.each<{ keyType: CertificateKeyType; asymmetricKeyType: string; header: string }>([
  { keyType: "RSA_2048", asymmetricKeyType: "rsa", header: "-----BEGIN RSA PRIVATE KEY-----" },
  { keyType: "EC_prime256v1", asymmetricKeyType: "ec", header: "-----BEGIN EC PRIVATE KEY-----" },
])("createSelfSignedCertificate with $keyType", ({ keyType, asymmetricKeyType, header }) => {
  it("produces a self-signed, non-CA, serverAuth certificate for the names and validity asked for", async () => {
    const generated = await createSelfSignedCertificate({
      commonName: WILDCARD,
      subjectAlternativeNames: [FOOD, "beverage.cross-account-microservices.com"],
      validityDays: 30,
      keyType,
      now: NOW,
    });
    const certificate = new X509Certificate(generated.certificatePem);

    expect(certificate.subject).toBe(`CN=${WILDCARD}`);
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.subjectAltName).toBe(
      `DNS:${WILDCARD}, DNS:${FOOD}, DNS:beverage.cross-account-microservices.com`,
    );
    const start = Date.parse("2025-03-01T12:00:00Z");
    expect(generated.notBefore.getTime()).toBe(start - 5 * 60 * 1000);
    expect(generated.notAfter.getTime()).toBe(start + 30 * DAY);
    expect(Date.parse(certificate.validFrom)).toBe(generated.notBefore.getTime());
    expect(Date.parse(certificate.validTo)).toBe(generated.notAfter.getTime());
    expect(certificate.serialNumber).toBe(generated.serialNumber);
    expect(generated.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);

    expect(generated.privateKeyPem.startsWith(header)).toBe(true);
    const privateKey = createPrivateKey(generated.privateKeyPem);
    expect(privateKey.asymmetricKeyType).toBe(asymmetricKeyType);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
    if (keyType === "RSA_2048") expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    else expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");

    const parsed = new ParsedCertificate(generated.certificatePem);
    expect(parsed.signatureAlgorithm.hash.name).toBe("SHA-256");
    const usages = parsed.getExtension(KeyUsagesExtension);
    expect(usages?.usages).toBe(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment);
    expect(usages?.critical).toBe(true);
    expect(parsed.getExtension(BasicConstraintsExtension)?.ca).toBe(false);
  });

  it("is accepted by a real TLS client for a name under the wildcard, and rejected for another name", async () => {
    const generated = await createSelfSignedCertificate({
      commonName: WILDCARD,
      subjectAlternativeNames: [],
      validityDays: 1,
      keyType,
    });
    const result = await withHttpsServer(generated, async (port) => ({
      food: await request(port, FOOD, generated.certificatePem),
      other: await request(port, "food.example.org", generated.certificatePem).catch(
        (error: unknown) => error,
      ),
    }));

    expect(result.food.status).toBe(200);
    expect(result.food.body).toBe(`hello ${FOOD}`);
    expect(result.food.peer.subject.CN).toBe(WILDCARD);
    expect(result.food.peer.serialNumber).toBe(generated.serialNumber);
    expect(result.other).toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });
});

async function withHttpsServer<T>(certificate: SelfSignedCertificate, run: (port: number) => Promise<T>) {
  const server = createServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (req, res) => res.end(`hello ${req.headers.host}`),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    return await run((server.address() as AddressInfo).port);
  } finally {
    server.close();
  }
}

function request(port: number, servername: string, ca: string) {
  return new Promise<{ status: number | undefined; body: string; peer: PeerCertificate }>(
    (resolve, reject) => {
      const req = get(
        { host: "127.0.0.1", port, servername, ca, path: "/", headers: { host: servername }, agent: false },
        (res) => {
          const peer = (res.socket as TLSSocket).getPeerCertificate();
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode, body, peer }));
        },
      );
      req.on("error", reject);
    },
  );
}

describe("createSelfSignedCertificate", () => {
  it("gives every certificate a different serial number", async () => {
    const request = { commonName: "a.example.com", subjectAlternativeNames: [], validityDays: 1 };
    const [first, second] = await Promise.all([
      createSelfSignedCertificate({ ...request, keyType: "EC_prime256v1" }),
      createSelfSignedCertificate({ ...request, keyType: "EC_prime256v1" }),
    ]);
    expect(first.serialNumber).not.toBe(second.serialNumber);
  });

  it("defaults to RSA 2048", async () => {
    const generated = await createSelfSignedCertificate({
      commonName: "a.example.com",
      subjectAlternativeNames: [],
      validityDays: 1,
    });
    expect(new X509Certificate(generated.certificatePem).publicKey.asymmetricKeyType).toBe("rsa");
  });

  it("rejects an invalid now", async () => {
    await expect(
      createSelfSignedCertificate({
        commonName: "a.example.com",
        subjectAlternativeNames: [],
        validityDays: 1,
        now: new Date("not a date"),
      }),
    ).rejects.toMatchObject({ code: "CERTIFICATE_INVALID_NOW" });
  });
});

describe("normalizeCertificateRequest", () => {
  it("lower-cases names, puts the common name first and drops duplicates", () => {
    expect(
      normalizeCertificateRequest({
        commonName: " *.Example.COM ",
        subjectAlternativeNames: ["API.example.com", "*.example.com", "api.example.com"],
        validityDays: 825,
      }),
    ).toEqual({
      commonName: "*.example.com",
      subjectAlternativeNames: ["*.example.com", "api.example.com"],
      validityDays: 825,
      keyType: "RSA_2048",
    });
  });

  const valid = { commonName: "a.example.com", subjectAlternativeNames: [], validityDays: 365 };
  it.each<[string, Partial<UntrustedCertificateRequest>, string, string]>([
    ["empty common name", { commonName: "  " }, "CERTIFICATE_INVALID_COMMON_NAME", '"  "'],
    ["missing common name", { commonName: undefined }, "CERTIFICATE_INVALID_COMMON_NAME", "undefined"],
    [
      "common name with _",
      { commonName: "a_b.example.com" },
      "CERTIFICATE_INVALID_COMMON_NAME",
      '"a_b.example.com"',
    ],
    [
      "common name over 64",
      { commonName: `${"a".repeat(60)}.example.com` },
      "CERTIFICATE_INVALID_COMMON_NAME",
      "64",
    ],
    [
      "SANs not a list",
      { subjectAlternativeNames: "a.example.com" },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      '"a.example.com"',
    ],
    [
      "wildcard on a TLD",
      { subjectAlternativeNames: ["*.com"] },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      '"*.com"',
    ],
    [
      "inner wildcard",
      { subjectAlternativeNames: ["a.*.example.com"] },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      '"a.*.example.com"',
    ],
    [
      "empty label",
      { subjectAlternativeNames: ["a..example.com"] },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      "empty label",
    ],
    [
      "leading hyphen",
      { subjectAlternativeNames: ["-a.example.com"] },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      '"-a.example.com"',
    ],
    [
      "non-string SAN",
      { subjectAlternativeNames: [42] },
      "CERTIFICATE_INVALID_SUBJECT_ALTERNATIVE_NAME",
      "42",
    ],
    ["zero days", { validityDays: 0 }, "CERTIFICATE_INVALID_VALIDITY_DAYS", "0"],
    ["826 days", { validityDays: 826 }, "CERTIFICATE_INVALID_VALIDITY_DAYS", "826"],
    ["fractional days", { validityDays: 1.5 }, "CERTIFICATE_INVALID_VALIDITY_DAYS", "1.5"],
    ["days as a string", { validityDays: "365" }, "CERTIFICATE_INVALID_VALIDITY_DAYS", '"365"'],
    ["unsupported key type", { keyType: "RSA_4096" }, "CERTIFICATE_INVALID_KEY_TYPE", '"RSA_4096"'],
  ])("rejects %s with a coded error naming the value", (_case, change, code, shown) => {
    let thrown: unknown;
    try {
      normalizeCertificateRequest({ ...valid, ...change });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ code, name: "CertificateInputError" });
    expect((thrown as Error).message).toContain(shown);
  });
});
