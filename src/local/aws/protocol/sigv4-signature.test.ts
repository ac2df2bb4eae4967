import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../../../../test/support/aws-signing.js";
import type { LocalRequest } from "../../http/http-types.js";
import { parseSigV4 } from "./sigv4-parse.js";
import { formatAmzDate, signOutgoing, verifySigV4 } from "./sigv4-signature.js";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const signer = new SignatureV4({ service: "sts", region: "eu-central-1", credentials, sha256: NodeSha256 });
const signingDate = new Date("2025-03-01T12:00:00Z");
const body = "Action=GetCallerIdentity&Version=2011-06-15";

function localRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  payload = "",
): LocalRequest {
  return {
    method,
    url,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    body: Buffer.from(payload),
    source: { sourceIp: "127.0.0.1", via: [] },
    protocol: "http",
  };
}

async function sdkSigned(payload = body): Promise<LocalRequest> {
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      path: "/",
      headers: { host: "127.0.0.1:4566", "content-type": "application/x-www-form-urlencoded" },
      body: payload,
    },
    { signingDate },
  );
  return localRequest("POST", "/", signed.headers as Record<string, string>, payload);
}

function signatureOf(request: LocalRequest) {
  const parsed = parseSigV4(request);
  if (parsed.kind !== "signed") throw new Error(`expected a signature, got ${parsed.kind}`);
  return parsed.signature;
}

describe("SigV4", () => {
  it("reads the credential scope and signed headers of the Authorization header", async () => {
    const signature = signatureOf(await sdkSigned());
    expect(signature).toMatchObject({
      accessKeyId: "AKIDEXAMPLE",
      scopeDate: "20250301",
      region: "eu-central-1",
      service: "sts",
      amzDate: "20250301T120000Z",
      presigned: false,
    });
    expect(signature.signedHeaders).toContain("host");
  });

  it("verifies a request the SDK signed, and rejects it with another secret or another body", async () => {
    const request = await sdkSigned();
    const signature = signatureOf(request);
    expect(verifySigV4(request, signature, credentials.secretAccessKey, signingDate)).toEqual({ ok: true });
    expect(verifySigV4(request, signature, "another-secret", signingDate)).toMatchObject({
      ok: false,
      reason: "mismatch",
    });
    const tampered = { ...request, body: Buffer.from("Action=GetCallerIdentity&Version=2011-06-16") };
    expect(verifySigV4(tampered, signature, credentials.secretAccessKey, signingDate)).toMatchObject({
      ok: false,
      reason: "mismatch",
    });
  });

  it("rejects a signature more than 15 minutes away from the clock", async () => {
    const request = await sdkSigned();
    const later = new Date(signingDate.getTime() + 16 * 60 * 1000);
    const result = verifySigV4(request, signatureOf(request), credentials.secretAccessKey, later);
    expect(result).toMatchObject({ ok: false, reason: "expired" });
    expect(result.ok ? "" : result.message).toContain("Signature expired: 20250301T120000Z");
  });

  it("verifies a presigned URL and honours X-Amz-Expires", async () => {
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        path: "/",
        query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
        headers: { host: "127.0.0.1" },
      },
      { signingDate, expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const request = localRequest("GET", `/?${query}`, { host: "127.0.0.1" });
    const signature = signatureOf(request);
    expect(signature).toMatchObject({ presigned: true, expiresSeconds: 60, service: "sts" });
    expect(verifySigV4(request, signature, credentials.secretAccessKey, signingDate)).toEqual({ ok: true });
    const afterExpiry = new Date(signingDate.getTime() + 61_000);
    expect(verifySigV4(request, signature, credentials.secretAccessKey, afterExpiry)).toMatchObject({
      reason: "expired",
    });
  });

  it("signs outgoing requests so that its own verification (and so AWS's algorithm) accepts them", () => {
    const headers = signOutgoing(
      {
        method: "POST",
        url: "/",
        headers: { host: "127.0.0.1:8000", "x-amz-target": "DynamoDB_20120810.ListTables" },
        body: "{}",
      },
      { accessKeyId: "accountmesh111111111111", secretAccessKey: "accountmesh111111111111" },
      { region: "eu-central-1", service: "dynamodb" },
      signingDate,
    );
    expect(headers["x-amz-date"]).toBe(formatAmzDate(signingDate));
    const request = localRequest("POST", "/", headers, "{}");
    const signature = signatureOf(request);
    expect(signature.accessKeyId).toBe("accountmesh111111111111");
    expect(verifySigV4(request, signature, "accountmesh111111111111", signingDate)).toEqual({ ok: true });
  });

  it("tells unsigned and malformed requests apart", () => {
    expect(parseSigV4(localRequest("POST", "/", {}))).toEqual({ kind: "unsigned" });
    const malformed = parseSigV4(
      localRequest("POST", "/", { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20250301/sts" }),
    );
    expect(malformed.kind).toBe("malformed");
    const otherAlgorithm = parseSigV4(localRequest("POST", "/", { authorization: "AWS AKID:abc" }));
    expect(otherAlgorithm).toMatchObject({
      kind: "malformed",
      message: expect.stringContaining("AWS4-HMAC-SHA256"),
    });
  });
});
