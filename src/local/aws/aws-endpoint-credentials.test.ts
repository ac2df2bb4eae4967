// The local AWS endpoint's authentication errors as each protocol's clients read them, with a fixed
// clock: signing times 4 and 6 minutes off either way, and bogus, missing and expired session tokens.
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../../../test/support/aws-signing.js";
import { signedLocalRequest } from "../../../test/support/signed-local-request.js";
import type { LocalRequest, LocalResponse } from "../http/http-types.js";
import { CredentialRegistry } from "../iam/credential-registry.js";
import type { AwsCredentials } from "../iam/types.js";
import { createAwsEndpoint } from "./aws-endpoint.js";
import type { AwsService } from "./aws-service.js";
import { jsonResult } from "./protocol/responses.js";
import { ServiceRegistry } from "./service-registry.js";
import { createStsService } from "./services/sts/sts-service.js";

const NOW = new Date("2024-01-01T00:10:00Z");
const ROLE = "arn:aws:iam::222222222222:role/Handler";
const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
const session = registry.issueSession({ roleArn: ROLE, sessionName: "s1", now: NOW, durationSeconds: 900 });

/** A JSON-protocol service that answers every authenticated call (DynamoDB's wire shape). */
const echo: AwsService = {
  signingName: "dynamodb",
  protocol: {
    kind: "json",
    contentType: "application/x-amz-json-1.0",
    targetPrefix: "DynamoDB_20120810",
    errorNamespace: "com.amazonaws.dynamodb.v20120810",
  },
  operations: {},
  implemented: ["ListTables"],
  handle: async (call) => jsonResult("application/x-amz-json-1.0", { TableNames: [] }, call.requestId),
};
const services = new ServiceRegistry([createStsService(), echo]);
/** The endpoint with its clock fixed at `clock`. */
const endpointAt = (clock: Date) => createAwsEndpoint({ callers: registry, services, now: () => clock });

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const text = (response: LocalResponse) => String(response.body);

async function sts(credentials: AwsCredentials, at = NOW, clock = NOW): Promise<LocalResponse> {
  return endpointAt(clock)(
    await signedLocalRequest({
      credentials,
      service: "sts",
      at,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    }),
  );
}

async function dynamodb(
  credentials: AwsCredentials,
  at = NOW,
  service = "dynamodb",
  clock = NOW,
): Promise<LocalResponse> {
  return endpointAt(clock)(
    await signedLocalRequest({
      credentials,
      service,
      at,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
      },
      body: "{}",
    }),
  );
}

function queryError(response: LocalResponse): { status: number; code?: string; message?: string } {
  return {
    status: response.status,
    code: /<Code>([^<]*)<\/Code>/.exec(text(response))?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(text(response))?.[1],
  };
}

describe("signing time on the local AWS endpoint", () => {
  it("answers requests signed 4 minutes off, either way", async () => {
    for (const at of [minutes(-4), minutes(4)]) {
      expect((await sts(session, at)).status).toBe(200);
      expect((await dynamodb(session, at)).status).toBe(200);
    }
  });

  it("refuses 6 minutes in the past or future with STS's SignatureDoesNotMatch and AWS's messages", async () => {
    expect(queryError(await sts(session, minutes(-6)))).toEqual({
      status: 403,
      code: "SignatureDoesNotMatch",
      message:
        "Signature expired: 20240101T000400Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)",
    });
    expect(queryError(await sts(session, minutes(6)))).toEqual({
      status: 403,
      code: "SignatureDoesNotMatch",
      message:
        "Signature not yet current: 20240101T001600Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)",
    });
  });

  it("refuses them with InvalidSignatureException in JSON protocols", async () => {
    for (const [at, start] of [
      [minutes(-6), "Signature expired: 20240101T000400Z"],
      [minutes(6), "Signature not yet current: 20240101T001600Z"],
    ] as const) {
      const response = await dynamodb(session, at);
      expect(response.status).toBe(400);
      expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
      const body = JSON.parse(text(response)) as { __type: string; message: string };
      expect(body.__type).toBe("com.amazon.coral.service#InvalidSignatureException");
      expect(body.message.startsWith(start)).toBe(true);
    }
  });

  it("refuses a credential scoped to another service", async () => {
    const response = await dynamodb(session, NOW, "sts");
    expect(JSON.parse(text(response))).toEqual({
      __type: "com.amazon.coral.service#InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'dynamodb'.",
    });
  });
});

describe("session tokens on the local AWS endpoint", () => {
  const { sessionToken: _token, ...withoutToken } = session;
  const bogus = { ...session, sessionToken: "bogus" };

  it("answers GetCallerIdentity for a session with its assumed-role ARN", async () => {
    const response = await sts(session);
    expect(response.status).toBe(200);
    expect(text(response)).toContain("<Arn>arn:aws:sts::222222222222:assumed-role/Handler/s1</Arn>");
  });

  it("refuses a missing or bogus token: InvalidClientTokenId (query), UnrecognizedClientException (JSON)", async () => {
    for (const credentials of [withoutToken, bogus]) {
      expect(queryError(await sts(credentials))).toEqual({
        status: 403,
        code: "InvalidClientTokenId",
        message: "The security token included in the request is invalid.",
      });
      const json = await dynamodb(credentials);
      expect([json.status, JSON.parse(text(json))]).toEqual([
        400,
        {
          __type: "com.amazon.coral.service#UnrecognizedClientException",
          message: "The security token included in the request is invalid.",
        },
      ]);
    }
  });

  it("refuses an expired token: ExpiredToken (query), ExpiredTokenException (JSON)", async () => {
    const later = minutes(16);
    expect(queryError(await sts(session, later, later))).toEqual({
      status: 403,
      code: "ExpiredToken",
      message: "The security token included in the request is expired",
    });
    const json = await dynamodb(session, later, "dynamodb", later);
    expect(json.headers["x-amzn-errortype"]).toBe("ExpiredTokenException");
    expect(JSON.parse(text(json))).toEqual({
      __type: "com.amazon.coral.service#ExpiredTokenException",
      message: "The security token included in the request is expired",
    });
  });
});

describe("presigned URLs with temporary credentials", () => {
  async function presigned(credentials: AwsCredentials, expiresIn: number): Promise<LocalRequest> {
    const signer = new SignatureV4({
      service: "sts",
      region: "eu-central-1",
      credentials,
      sha256: NodeSha256,
    });
    const url = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        path: "/",
        query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
        headers: { host: "127.0.0.1:4566" },
      },
      { signingDate: NOW, expiresIn },
    );
    const query = new URLSearchParams(url.query as Record<string, string>);
    expect(query.get("X-Amz-Security-Token")).toBe(session.sessionToken);
    return {
      method: "GET",
      url: `/?${query.toString()}`,
      headers: { host: ["127.0.0.1:4566"] },
      body: Buffer.alloc(0),
      source: { sourceIp: "127.0.0.1", via: ["test"] },
      protocol: "http",
    };
  }

  it("carries the session token as X-Amz-Security-Token and is valid for X-Amz-Expires seconds", async () => {
    const request = await presigned(session, 60);
    const answer = await endpointAt(minutes(0.5))(request);
    expect(answer.status, text(answer)).toBe(200);
    expect(text(answer)).toContain("<Arn>arn:aws:sts::222222222222:assumed-role/Handler/s1</Arn>");
    const late = queryError(await endpointAt(minutes(2))(request));
    expect([late.status, late.code]).toEqual([403, "SignatureDoesNotMatch"]);
    expect(late.message?.startsWith("Signature expired: 20240101T001000Z is now earlier than")).toBe(true);
  });

  it("refuses X-Amz-Expires beyond a week", async () => {
    const request = await presigned(session, 60);
    const answer = queryError(
      await endpointAt(NOW)({
        ...request,
        url: request.url.replace("X-Amz-Expires=60", "X-Amz-Expires=604801"),
      }),
    );
    expect(answer).toEqual({
      status: 400,
      code: "IncompleteSignature",
      message: "X-Amz-Expires must be less than a week (in seconds) that is 604800",
    });
  });
});
