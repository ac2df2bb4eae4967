import { createPrivateKey, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ACMClient } from "@aws-sdk/client-acm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAcmCertificateApi } from "./acm-certificate-api.js";
import { createCertificateProvider } from "./certificate-provider.js";

const ARN = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-0000000000aa";
const NOT_AFTER_SECONDS = 1_900_000_000;

/**
 * No local engine answers ACM, so this stub speaks just enough of ACM's JSON 1.1 wire protocol to
 * check what the real AWS SDK client sends and how its errors reach our adapter.
 */
const requests: { target: string; body: Record<string, unknown> }[] = [];
let deleteFailures: string[] = [];

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  const target = String(req.headers["x-amz-target"]);
  requests.push({ target, body: JSON.parse(raw) });
  if (target === "CertificateManager.ImportCertificate") return reply(res, 200, { CertificateArn: ARN });
  if (target === "CertificateManager.DescribeCertificate") {
    return reply(res, 200, { Certificate: { CertificateArn: ARN, NotAfter: NOT_AFTER_SECONDS } });
  }
  const failure = deleteFailures.shift();
  if (failure !== undefined) return reply(res, 400, { __type: failure, message: "refused by the stub" });
  return reply(res, 200, {});
}

const server = createServer((req, res) => void handle(req, res));
let acm: ACMClient;

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  acm = new ACMClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});
afterAll(() => {
  acm.destroy();
  server.close();
});

const event = {
  ServiceToken: "token",
  ResponseURL: "https://example.invalid/response",
  StackId: "arn:aws:cloudformation:eu-west-1:111122223333:stack/orders/1",
  RequestId: "request-1",
  LogicalResourceId: "Certificate",
  ResourceType: "Custom::SelfSignedCertificate",
};
const properties = { ServiceToken: "token", CommonName: "food.example.com", KeyType: "EC_prime256v1" };

describe("certificate provider over the AWS SDK ACM client", () => {
  it("imports the PEMs as blobs with the tags, describes on keep, retries an in-use delete", async () => {
    const provider = createCertificateProvider({
      acm: createAcmCertificateApi(acm),
      sleep: async () => {},
    });
    const created = await provider({ ...event, RequestType: "Create", ResourceProperties: properties });
    expect(created.PhysicalResourceId).toBe(ARN);

    const imported = requests.find((request) => request.target === "CertificateManager.ImportCertificate");
    const certificatePem = Buffer.from(String(imported?.body.Certificate), "base64").toString();
    const privateKeyPem = Buffer.from(String(imported?.body.PrivateKey), "base64").toString();
    expect(new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(privateKeyPem))).toBe(true);
    expect(imported?.body.Tags).toEqual([{ Key: "accountmesh:self-signed", Value: "true" }]);

    const kept = await provider({
      ...event,
      RequestType: "Update",
      PhysicalResourceId: ARN,
      ResourceProperties: { ...properties, Tags: [{ Key: "team", Value: "food" }] },
      OldResourceProperties: properties,
    });
    expect(kept).toEqual({
      PhysicalResourceId: ARN,
      Data: { CertificateArn: ARN, NotAfter: new Date(NOT_AFTER_SECONDS * 1000).toISOString() },
    });

    deleteFailures = ["ResourceInUseException"];
    await provider({
      ...event,
      RequestType: "Delete",
      PhysicalResourceId: ARN,
      ResourceProperties: properties,
    });
    deleteFailures = ["ResourceNotFoundException"];
    await provider({
      ...event,
      RequestType: "Delete",
      PhysicalResourceId: ARN,
      ResourceProperties: properties,
    });
    deleteFailures = ["AccessDeniedException"];
    await expect(
      provider({ ...event, RequestType: "Delete", PhysicalResourceId: ARN, ResourceProperties: properties }),
    ).rejects.toMatchObject({ code: "CERTIFICATE_ACM_CALL_FAILED" });

    expect(requests.map((request) => request.target.replace("CertificateManager.", ""))).toEqual([
      "ImportCertificate",
      "DescribeCertificate",
      "DeleteCertificate",
      "DeleteCertificate",
      "DeleteCertificate",
      "DeleteCertificate",
    ]);
    expect(requests.at(-1)?.body).toEqual({ CertificateArn: ARN });
  });
});
