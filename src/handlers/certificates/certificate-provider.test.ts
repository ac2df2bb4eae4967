import { createPrivateKey, X509Certificate } from "node:crypto";
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceUpdateEvent,
} from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { AcmCertificateApi, AcmTag } from "./acm-certificate-api.js";
import {
  type CertificateLog,
  createCertificateProvider,
  type DeleteRetryOptions,
  planCertificateChange,
} from "./certificate-provider.js";

const ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000001";
const PROPS = {
  ServiceToken: "arn:aws:lambda:eu-west-1:111122223333:function:provider",
  CommonName: "*.cross-account-microservices.com",
  SubjectAlternativeNames: ["food.cross-account-microservices.com"],
  ValidityDays: "30",
};
const COMMON = {
  ServiceToken: PROPS.ServiceToken,
  ResponseURL: "https://example.invalid/response",
  StackId: "arn:aws:cloudformation:eu-west-1:111122223333:stack/orders/1",
  RequestId: "request-1",
  LogicalResourceId: "Certificate",
  ResourceType: "Custom::SelfSignedCertificate",
};

function createEvent(properties: Record<string, unknown> = {}): CloudFormationCustomResourceCreateEvent {
  return { ...COMMON, RequestType: "Create", ResourceProperties: { ...PROPS, ...properties } };
}
function updateEvent(
  properties: Record<string, unknown>,
  physicalResourceId = ARN,
  old: Record<string, unknown> = {},
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...COMMON,
    RequestType: "Update",
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ...PROPS, ...properties },
    OldResourceProperties: { ...PROPS, ...old },
  };
}
function deleteEvent(physicalResourceId = ARN): CloudFormationCustomResourceDeleteEvent {
  return {
    ...COMMON,
    RequestType: "Delete",
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: PROPS,
  };
}

describe("planCertificateChange", () => {
  it("creates on Create, with normalized names and our tag after the user's", () => {
    expect(planCertificateChange(createEvent({ Tags: [{ Key: "team", Value: "food" }] }))).toEqual({
      action: "create",
      reason: "Create",
      certificate: {
        commonName: "*.cross-account-microservices.com",
        subjectAlternativeNames: [
          "*.cross-account-microservices.com",
          "food.cross-account-microservices.com",
        ],
        validityDays: 30,
        keyType: "RSA_2048",
      },
      tags: [
        { Key: "team", Value: "food" },
        { Key: "accountmesh:self-signed", Value: "true" },
      ],
    });
  });

  it("applies defaults: 365 days, no extra names, and our tag cannot be overridden", () => {
    const plan = planCertificateChange(
      createEvent({
        SubjectAlternativeNames: undefined,
        ValidityDays: undefined,
        KeyType: "EC_prime256v1",
        Tags: [{ Key: "accountmesh:self-signed", Value: "false" }],
      }),
    );
    expect(plan).toMatchObject({
      action: "create",
      certificate: { subjectAlternativeNames: ["*.cross-account-microservices.com"], validityDays: 365 },
      tags: [{ Key: "accountmesh:self-signed", Value: "true" }],
    });
  });

  it("keeps the certificate when nothing that shapes it changed (SAN order, case, default key type, tags)", () => {
    const event = updateEvent(
      {
        SubjectAlternativeNames: [
          "FOOD.cross-account-microservices.com",
          "*.cross-account-microservices.com",
        ],
        KeyType: "RSA_2048",
        Tags: [{ Key: "team", Value: "food" }],
      },
      ARN,
    );
    expect(planCertificateChange(event)).toEqual({ action: "keep", certificateArn: ARN });
  });

  it.each([
    [{ CommonName: "*.example.com" }, "CommonName"],
    [{ SubjectAlternativeNames: ["beverage.cross-account-microservices.com"] }, "SubjectAlternativeNames"],
    [{ ValidityDays: "31" }, "ValidityDays"],
    [{ KeyType: "EC_prime256v1" }, "KeyType"],
  ])("replaces the certificate when %o changes", (change, field) => {
    expect(planCertificateChange(updateEvent(change))).toMatchObject({
      action: "create",
      reason: `${field} changed`,
    });
  });

  it("creates on Update when the resource has no certificate yet", () => {
    expect(planCertificateChange(updateEvent({}, "not-an-arn"))).toMatchObject({ action: "create" });
  });

  it("deletes an ACM ARN and does nothing for any other physical id", () => {
    expect(planCertificateChange(deleteEvent())).toEqual({ action: "delete", certificateArn: ARN });
    expect(planCertificateChange(deleteEvent("CREATE_FAILED"))).toMatchObject({
      action: "noop",
      physicalResourceId: "CREATE_FAILED",
    });
  });

  it.each([
    [{ ValidityDays: "a year" }, "CERTIFICATE_INVALID_VALIDITY_DAYS"],
    [{ ValidityDays: "900" }, "CERTIFICATE_INVALID_VALIDITY_DAYS"],
    [{ CommonName: undefined }, "CERTIFICATE_INVALID_COMMON_NAME"],
    [{ KeyType: "RSA_4096" }, "CERTIFICATE_INVALID_KEY_TYPE"],
    [{ Tags: [{ Key: "team" }] }, "CERTIFICATE_INVALID_TAGS"],
    [{ Tags: "team=food" }, "CERTIFICATE_INVALID_TAGS"],
  ])("rejects invalid properties %o before any ACM call", (change, code) => {
    expect(() => planCertificateChange(createEvent(change))).toThrow(expect.objectContaining({ code }));
  });
});

type StoredCertificate = { certificatePem: string; privateKeyPem: string; tags: AcmTag[] };

/**
 * ACM cannot run on this machine and no local engine answers its API, so this is an in-memory fake
 * of *our own* narrow AcmCertificateApi interface (not of the AWS SDK). Errors carry the ACM exception
 * name, as the SDK's do.
 */
class FakeAcm implements AcmCertificateApi {
  readonly certificates = new Map<string, StoredCertificate>();
  readonly calls: string[] = [];
  inUseForAttempts = 0;
  failWith: string | undefined;

  async importCertificate(input: { certificate: Uint8Array; privateKey: Uint8Array; tags: AcmTag[] }) {
    this.calls.push("import");
    if (this.failWith !== undefined) throw named(this.failWith, "import refused");
    const arn = `arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-${String(this.certificates.size + 2).padStart(12, "0")}`;
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    this.certificates.set(arn, {
      certificatePem: decode(input.certificate),
      privateKeyPem: decode(input.privateKey),
      tags: input.tags,
    });
    return { certificateArn: arn };
  }

  async deleteCertificate(certificateArn: string) {
    this.calls.push(`delete ${certificateArn}`);
    if (this.failWith !== undefined) throw named(this.failWith, "delete refused");
    if (this.inUseForAttempts > 0) {
      this.inUseForAttempts--;
      throw named("ResourceInUseException", `${certificateArn} is in use`);
    }
    if (!this.certificates.delete(certificateArn)) throw named("ResourceNotFoundException", "not found");
  }

  async describeCertificate(certificateArn: string) {
    this.calls.push(`describe ${certificateArn}`);
    const stored = this.certificates.get(certificateArn);
    if (stored === undefined) throw named("ResourceNotFoundException", "not found");
    return { notAfter: new Date(new X509Certificate(stored.certificatePem).validTo) };
  }
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function setup(deleteRetry?: DeleteRetryOptions) {
  const acm = new FakeAcm();
  const logs: unknown[] = [];
  const sleeps: number[] = [];
  let now = 1_000_000;
  const log: CertificateLog = (message, details) => logs.push({ message, details });
  const provider = createCertificateProvider({
    acm,
    log,
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    ...(deleteRetry ? { deleteRetry } : {}),
  });
  return { acm, logs, sleeps, provider, elapsed: () => now - 1_000_000 };
}

function importedOnly(acm: FakeAcm): StoredCertificate {
  expect(acm.certificates.size).toBe(1);
  const [stored] = acm.certificates.values();
  if (stored === undefined) throw new Error("no certificate imported");
  return stored;
}

describe("certificate provider", () => {
  it("imports one generated certificate with its key and tags, and returns no key material", async () => {
    const { acm, logs, provider } = setup();
    const response = await provider(createEvent({ Tags: [{ Key: "team", Value: "food" }] }));

    expect(acm.calls).toEqual(["import"]);
    const stored = importedOnly(acm);
    const certificate = new X509Certificate(stored.certificatePem);
    expect(certificate.subject).toBe("CN=*.cross-account-microservices.com");
    expect(certificate.checkPrivateKey(createPrivateKey(stored.privateKeyPem))).toBe(true);
    expect(stored.tags).toEqual([
      { Key: "team", Value: "food" },
      { Key: "accountmesh:self-signed", Value: "true" },
    ]);
    const [arn] = acm.certificates.keys();
    expect(response).toEqual({
      PhysicalResourceId: arn,
      Data: { CertificateArn: arn, NotAfter: new Date(certificate.validTo).toISOString() },
    });
    for (const leaked of [JSON.stringify(response), JSON.stringify(logs)]) {
      expect(leaked).not.toContain("PRIVATE KEY");
      expect(leaked).not.toContain("BEGIN CERTIFICATE");
    }
    expect(logs).toHaveLength(1);
  });

  it("replaces the certificate on an Update that changes it", async () => {
    const { acm, provider } = setup();
    const created = await provider(createEvent());
    const updated = await provider(updateEvent({ KeyType: "EC_prime256v1" }, created.PhysicalResourceId));

    expect(acm.calls).toEqual(["import", "import"]);
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    const stored = acm.certificates.get(updated.PhysicalResourceId);
    expect(stored && new X509Certificate(stored.certificatePem).publicKey.asymmetricKeyType).toBe("ec");
  });

  it("keeps the certificate and its attributes on an Update that does not change it", async () => {
    const { acm, provider } = setup();
    const created = await provider(createEvent());
    const updated = await provider(
      updateEvent({ Tags: [{ Key: "team", Value: "food" }] }, created.PhysicalResourceId),
    );

    expect(acm.calls).toEqual(["import", `describe ${created.PhysicalResourceId}`]);
    expect(updated).toEqual(created);
  });

  it("deletes the certificate, and succeeds when it is already gone", async () => {
    const { acm, provider } = setup();
    const created = await provider(createEvent());
    const event = deleteEvent(created.PhysicalResourceId);

    expect(await provider(event)).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
    expect(acm.certificates.size).toBe(0);
    expect(await provider(event)).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
    expect(acm.calls.filter((call) => call.startsWith("delete"))).toHaveLength(2);
  });

  it("makes no ACM call when deleting a resource whose creation failed", async () => {
    const { acm, provider } = setup();
    expect(await provider(deleteEvent("CREATE_FAILED"))).toEqual({ PhysicalResourceId: "CREATE_FAILED" });
    expect(acm.calls).toEqual([]);
  });

  it("retries a certificate still in use with backoff until it is released", async () => {
    const { acm, sleeps, provider } = setup();
    const created = await provider(createEvent());
    acm.inUseForAttempts = 2;

    await provider(deleteEvent(created.PhysicalResourceId));
    expect(sleeps).toEqual([5_000, 10_000]);
    expect(acm.certificates.size).toBe(0);
  });

  it("fails clearly once the certificate stays in use past the bounded wait", async () => {
    const { acm, sleeps, provider, elapsed } = setup();
    acm.inUseForAttempts = Number.POSITIVE_INFINITY;

    const failure = provider(deleteEvent());
    await expect(failure).rejects.toMatchObject({ code: "CERTIFICATE_STILL_IN_USE" });
    await expect(failure).rejects.toThrow(/still in use .* after 12 delete attempts over 275 s/);
    await expect(failure).rejects.toThrow(ARN);
    expect(sleeps).toEqual([
      5_000, 10_000, 20_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000,
    ]);
    expect(elapsed()).toBeLessThanOrEqual(5 * 60 * 1000);
  });

  it("honours an injected retry budget", async () => {
    const { acm, sleeps, provider } = setup({ maxWaitMs: 1_000, initialDelayMs: 300, maxDelayMs: 400 });
    acm.inUseForAttempts = Number.POSITIVE_INFINITY;
    await expect(provider(deleteEvent())).rejects.toMatchObject({ code: "CERTIFICATE_STILL_IN_USE" });
    expect(sleeps).toEqual([300, 400]);
  });

  it("does not retry other ACM errors, and names the call and the cause", async () => {
    const { acm, provider } = setup();
    acm.failWith = "AccessDeniedException";
    await expect(provider(deleteEvent())).rejects.toMatchObject({
      code: "CERTIFICATE_ACM_CALL_FAILED",
      message: expect.stringContaining(`ACM DeleteCertificate failed for ${ARN}: AccessDeniedException`),
    });
    await expect(provider(createEvent())).rejects.toMatchObject({
      code: "CERTIFICATE_ACM_CALL_FAILED",
      message: expect.stringContaining("ACM ImportCertificate failed"),
    });
    expect(acm.calls).toEqual([`delete ${ARN}`, "import"]);
  });

  it("rejects invalid properties without calling ACM", async () => {
    const { acm, provider } = setup();
    const event: CloudFormationCustomResourceEvent = createEvent({ CommonName: "" });
    await expect(provider(event)).rejects.toMatchObject({ code: "CERTIFICATE_INVALID_COMMON_NAME" });
    expect(acm.calls).toEqual([]);
  });
});
