import { Logger } from "@aws-lambda-powertools/logger";
import { ACMClient } from "@aws-sdk/client-acm";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { type AcmCertificateApi, type AcmTag, createAcmCertificateApi } from "./acm-certificate-api.js";

import {
  createSelfSignedCertificate,
  type NormalizedCertificateRequest,
  normalizeCertificateRequest,
} from "./self-signed-certificate.js";

/** The request tag every certificate we import carries; the function's IAM policy requires it. */
export const SELF_SIGNED_TAG = { Key: "accountmesh:self-signed", Value: "true" } as const;
export const DEFAULT_VALIDITY_DAYS = 365;

export type CertificatePlan =
  | { action: "create"; certificate: NormalizedCertificateRequest; tags: AcmTag[]; reason: string }
  | { action: "keep"; certificateArn: string }
  | { action: "delete"; certificateArn: string }
  | { action: "noop"; physicalResourceId: string; reason: string };

export interface CertificateResourceData {
  CertificateArn: string;
  /** ISO 8601 */
  NotAfter: string;
}

export interface CertificateProviderResponse {
  PhysicalResourceId: string;
  Data?: CertificateResourceData;
}

export type CertificateProviderErrorCode =
  | "CERTIFICATE_INVALID_TAGS"
  | "CERTIFICATE_STILL_IN_USE"
  | "CERTIFICATE_ACM_CALL_FAILED";

export class CertificateProviderError extends Error {
  override readonly name = "CertificateProviderError";
  constructor(
    readonly code: CertificateProviderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

export function isAcmCertificateArn(value: string): boolean {
  return ACM_CERTIFICATE_ARN.test(value);
}

function readCertificate(properties: Record<string, unknown>): NormalizedCertificateRequest {
  const { CommonName, SubjectAlternativeNames, ValidityDays, KeyType } = properties;
  return normalizeCertificateRequest({
    commonName: CommonName,
    subjectAlternativeNames: SubjectAlternativeNames ?? [],
    // CloudFormation passes every scalar as a string.
    validityDays:
      ValidityDays === undefined || ValidityDays === ""
        ? DEFAULT_VALIDITY_DAYS
        : typeof ValidityDays === "string" && /^\s*\d+\s*$/.test(ValidityDays)
          ? Number(ValidityDays)
          : ValidityDays,
    keyType: KeyType === "" ? undefined : KeyType,
  });
}

function readTags(properties: Record<string, unknown>): AcmTag[] {
  const { Tags } = properties;
  if (Tags === undefined) return [{ ...SELF_SIGNED_TAG }];
  const invalid = () =>
    new CertificateProviderError(
      "CERTIFICATE_INVALID_TAGS",
      `Invalid Tags ${JSON.stringify(Tags)}: expected a list of {"Key": non-empty string, "Value": string}. ` +
        "Fix the Tags property of the certificate resource or leave it out.",
    );
  if (!Array.isArray(Tags)) throw invalid();
  const given: readonly unknown[] = Tags;
  const tags: AcmTag[] = [];
  for (const tag of given) {
    if (typeof tag !== "object" || tag === null || !("Key" in tag) || !("Value" in tag)) throw invalid();
    const { Key, Value } = tag;
    if (typeof Key !== "string" || Key === "" || typeof Value !== "string") throw invalid();
    // Ours always wins: the IAM policy only allows imports that carry it.
    if (Key !== SELF_SIGNED_TAG.Key) tags.push({ Key, Value });
  }
  return [...tags, { ...SELF_SIGNED_TAG }];
}

function changedFields(before: NormalizedCertificateRequest, after: NormalizedCertificateRequest): string[] {
  // The normalized list starts with the common name; compare the other names as a set.
  const others = (spec: NormalizedCertificateRequest) =>
    spec.subjectAlternativeNames
      .filter((name) => name !== spec.commonName)
      .sort()
      .join();
  const sameNames = others(before) === others(after);
  return [
    before.commonName === after.commonName ? "" : "CommonName",
    sameNames ? "" : "SubjectAlternativeNames",
    before.validityDays === after.validityDays ? "" : "ValidityDays",
    before.keyType === after.keyType ? "" : "KeyType",
  ].filter((field) => field !== "");
}

function tryReadCertificate(properties: Record<string, unknown>): NormalizedCertificateRequest | undefined {
  try {
    return readCertificate(properties);
  } catch {
    return undefined;
  }
}

/** Decides what a CloudFormation event means for the certificate. Pure; throws on invalid properties. */
export function planCertificateChange(event: CloudFormationCustomResourceEvent): CertificatePlan {
  if (event.RequestType === "Delete") {
    return isAcmCertificateArn(event.PhysicalResourceId)
      ? { action: "delete", certificateArn: event.PhysicalResourceId }
      : {
          action: "noop",
          physicalResourceId: event.PhysicalResourceId,
          reason: "the physical id is not an ACM certificate ARN, so no certificate was created",
        };
  }
  const properties: Record<string, unknown> = event.ResourceProperties;
  const certificate = readCertificate(properties);
  const tags = readTags(properties);
  if (event.RequestType === "Create") return { action: "create", certificate, tags, reason: "Create" };
  if (!isAcmCertificateArn(event.PhysicalResourceId)) {
    return { action: "create", certificate, tags, reason: "the resource has no certificate yet" };
  }
  const before = tryReadCertificate(event.OldResourceProperties);
  const changed =
    before === undefined ? ["previous properties unreadable"] : changedFields(before, certificate);
  return changed.length === 0
    ? { action: "keep", certificateArn: event.PhysicalResourceId }
    : { action: "create", certificate, tags, reason: `${changed.join(", ")} changed` };
}

export interface DeleteRetryOptions {
  /** Give up once waiting longer would exceed this. */
  maxWaitMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_DELETE_RETRY: DeleteRetryOptions = {
  maxWaitMs: 5 * 60 * 1000,
  initialDelayMs: 5_000,
  maxDelayMs: 30_000,
};

export type CertificateLog = (message: string, details: Record<string, string | number>) => void;

export interface CertificateProviderDependencies {
  acm: AcmCertificateApi;
  deleteRetry?: DeleteRetryOptions;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: CertificateLog;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function acmFailure(call: string, certificate: string, error: unknown): CertificateProviderError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new CertificateProviderError(
    "CERTIFICATE_ACM_CALL_FAILED",
    `ACM ${call} failed for ${certificate}: ${detail}. Check the function's IAM permissions and the ACM quota.`,
    { cause: error },
  );
}

/** Builds the Provider-framework onEvent handler around an ACM implementation. */
export function createCertificateProvider(
  dependencies: CertificateProviderDependencies,
): (event: CloudFormationCustomResourceEvent) => Promise<CertificateProviderResponse> {
  const { acm } = dependencies;
  const retry = dependencies.deleteRetry ?? DEFAULT_DELETE_RETRY;
  const clock = dependencies.clock ?? Date.now;
  const sleep =
    dependencies.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log: CertificateLog = dependencies.log ?? (() => {});

  async function create(plan: Extract<CertificatePlan, { action: "create" }>) {
    const generated = await createSelfSignedCertificate(plan.certificate);
    const names = plan.certificate.subjectAlternativeNames.join(",");
    let certificateArn: string;
    try {
      ({ certificateArn } = await acm.importCertificate({
        certificate: new TextEncoder().encode(generated.certificatePem),
        privateKey: new TextEncoder().encode(generated.privateKeyPem),
        tags: plan.tags,
      }));
    } catch (error) {
      throw acmFailure("ImportCertificate", `a certificate for ${names}`, error);
    }
    const NotAfter = generated.notAfter.toISOString();
    log("imported self-signed certificate", {
      reason: plan.reason,
      certificateArn,
      names,
      keyType: plan.certificate.keyType,
      serialNumber: generated.serialNumber,
      notAfter: NotAfter,
    });
    return { PhysicalResourceId: certificateArn, Data: { CertificateArn: certificateArn, NotAfter } };
  }

  async function remove(certificateArn: string): Promise<void> {
    const started = clock();
    let delay = retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await acm.deleteCertificate(certificateArn);
        log("deleted certificate", { certificateArn, attempt });
        return;
      } catch (error) {
        if (errorName(error) === "ResourceNotFoundException") {
          log("certificate already gone", { certificateArn });
          return;
        }
        if (errorName(error) !== "ResourceInUseException")
          throw acmFailure("DeleteCertificate", certificateArn, error);
        const waited = clock() - started;
        if (waited + delay > retry.maxWaitMs) {
          throw new CertificateProviderError(
            "CERTIFICATE_STILL_IN_USE",
            `ACM certificate ${certificateArn} is still in use (associated with a load balancer listener, API ` +
              `Gateway domain name or other resource) after ${attempt} delete attempts over ` +
              `${Math.round(waited / 1000)} s. Remove it from those resources (ACM console: "Associated ` +
              'resources"), then retry the deletion, e.g. continue the rollback or delete the stack again.',
            { cause: error },
          );
        }
        log("certificate in use, retrying delete", { certificateArn, attempt, delayMs: delay });
        await sleep(delay);
        delay = Math.min(delay * 2, retry.maxDelayMs);
      }
    }
  }

  return async (event) => {
    const plan = planCertificateChange(event);
    switch (plan.action) {
      case "create":
        return create(plan);
      case "keep": {
        let notAfter: Date;
        try {
          ({ notAfter } = await acm.describeCertificate(plan.certificateArn));
        } catch (error) {
          throw acmFailure("DescribeCertificate", plan.certificateArn, error);
        }
        // CloudFormation replaces the attributes with every response's Data: return them again.
        const Data = { CertificateArn: plan.certificateArn, NotAfter: notAfter.toISOString() };
        return { PhysicalResourceId: plan.certificateArn, Data };
      }
      case "delete":
        await remove(plan.certificateArn);
        return { PhysicalResourceId: plan.certificateArn };
      case "noop":
        log("nothing to do", { requestType: event.RequestType, reason: plan.reason });
        return { PhysicalResourceId: plan.physicalResourceId };
    }
  };
}

const logger = new Logger({ serviceName: "accountmesh-certificates" });
const acmClient = new ACMClient({});

export const handler = createCertificateProvider({
  acm: createAcmCertificateApi(acmClient),
  log: (message, details) => logger.info(message, details),
});
