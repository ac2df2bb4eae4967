import { describe, expect, it } from "vitest";
import { signedLocalRequest } from "../../../../test/support/signed-local-request.js";
import type { LocalRequest } from "../../http/http-types.js";
import { CredentialRegistry } from "../../iam/credential-registry.js";
import type { AwsCredentials } from "../../iam/types.js";
import { parseSigV4 } from "./sigv4-parse.js";
import { verifyRequest } from "./verify-request.js";

const NOW = new Date("2024-01-01T00:10:00Z");
const ROLE = "arn:aws:iam::222222222222:role/Handler";
const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
const longTerm = registry.forRole(ROLE, "script");
const session = registry.issueSession({ roleArn: ROLE, sessionName: "s1", now: NOW, durationSeconds: 900 });
const BODY = "Action=GetCallerIdentity&Version=2011-06-15";

interface SignOptions {
  readonly credentials?: AwsCredentials;
  readonly at?: Date;
  readonly service?: string;
  readonly region?: string;
  readonly headers?: Record<string, string>;
}

function signed(options: SignOptions = {}): Promise<LocalRequest> {
  return signedLocalRequest({
    credentials: options.credentials ?? longTerm,
    service: options.service ?? "sts",
    region: options.region ?? "eu-central-1",
    at: options.at ?? NOW,
    headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
    body: BODY,
  });
}

function verify(request: LocalRequest, service = "sts", now = NOW) {
  return verifyRequest(request, parseSigV4(request), registry, { now, service });
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe("verifyRequest: the signing time, 5 minutes either way", () => {
  it("accepts a request signed 4 minutes in the past or in the future", async () => {
    for (const at of [minutes(-4), minutes(4)]) {
      expect(verify(await signed({ at }))).toMatchObject({ ok: true });
    }
  });

  it("refuses one signed 6 minutes in the past: Signature expired, in AWS's words", async () => {
    expect(verify(await signed({ at: minutes(-6) }))).toEqual({
      ok: false,
      failure: "skew",
      message:
        "Signature expired: 20240101T000400Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)",
    });
  });

  it("refuses one signed 6 minutes in the future: Signature not yet current", async () => {
    expect(verify(await signed({ at: minutes(6) }))).toEqual({
      ok: false,
      failure: "skew",
      message:
        "Signature not yet current: 20240101T001600Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)",
    });
  });
});

describe("verifyRequest: the rest of AWS's checks, in its order", () => {
  it("names the verified caller and the scope's region", async () => {
    const result = verify(await signed({ region: "us-west-2" }));
    expect(result).toEqual({
      ok: true,
      caller: {
        principal: expect.objectContaining({ kind: "role", arn: ROLE }),
        account: "222222222222",
        accessKeyId: longTerm.accessKeyId,
        region: "us-west-2",
      },
    });
  });

  it("requires host among the signed headers, before looking at the key", async () => {
    const request = await signed({ credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" } });
    const authorization = String(request.headers.authorization?.[0]).replace(
      /SignedHeaders=[^,]+/,
      "SignedHeaders=content-type;x-amz-date",
    );
    expect(verify({ ...request, headers: { ...request.headers, authorization: [authorization] } })).toEqual({
      ok: false,
      failure: "mismatch",
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it("reports every credential scope error at once: region, service, terminator, date", async () => {
    const request = await signed();
    const authorization = String(request.headers.authorization?.[0]).replace(
      /Credential=[^,]+/,
      `Credential=${longTerm.accessKeyId}/20231231/nowhere/dynamodb/aws5_request`,
    );
    expect(verify({ ...request, headers: { ...request.headers, authorization: [authorization] } })).toEqual({
      ok: false,
      failure: "mismatch",
      message:
        "Credential should be scoped to a valid region, not 'nowhere'. " +
        "Credential should be scoped to correct service: 'sts'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20231231' != '20240101', from '20240101T001000Z'.",
    });
  });

  it("requires five parts in the credential", async () => {
    const request = await signed();
    const authorization = String(request.headers.authorization?.[0]).replace(
      /Credential=[^,]+/,
      "Credential=AKIA/20240101/sts",
    );
    expect(verify({ ...request, headers: { ...request.headers, authorization: [authorization] } })).toEqual({
      ok: false,
      failure: "incomplete",
      message:
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIA/20240101/sts'",
    });
  });

  it("lists every missing part of the Authorization header, as AWS does", async () => {
    const request = await signed();
    const { "x-amz-date": _date, ...headers } = request.headers;
    const bare = {
      ...request,
      headers: { ...headers, authorization: ["AWS4-HMAC-SHA256 Credential=AKIA/x"] },
    };
    expect(verify(bare)).toEqual({
      ok: false,
      failure: "incomplete",
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        "Authorization=AWS4-HMAC-SHA256 Credential=AKIA/x",
    });
  });

  it("refuses an Authorization header together with presigned query parameters", async () => {
    const request = await signed();
    expect(verify({ ...request, url: "/?X-Amz-Algorithm=AWS4-HMAC-SHA256" })).toMatchObject({
      ok: false,
      failure: "mismatch",
      message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    });
  });
});

describe("verifyRequest: session tokens", () => {
  it("accepts a temporary key with its own session token", async () => {
    const result = verify(await signed({ credentials: session }));
    expect(result).toMatchObject({
      ok: true,
      caller: { accessKeyId: session.accessKeyId, principal: { sessionArn: expect.stringMatching(/\/s1$/) } },
    });
  });

  it("refuses a temporary key without a token, or with a bogus one, as an invalid token", async () => {
    const { sessionToken: _token, ...withoutToken } = session;
    const invalid = {
      ok: false,
      failure: "unknown-key",
      message: "The security token included in the request is invalid.",
    };
    expect(verify(await signed({ credentials: withoutToken }))).toEqual(invalid);
    expect(verify(await signed({ credentials: { ...session, sessionToken: "bogus" } }))).toEqual(invalid);
    const other = registry.issueSession({ roleArn: ROLE, sessionName: "s2", now: NOW, durationSeconds: 900 });
    expect(verify(await signed({ credentials: { ...session, sessionToken: other.sessionToken } }))).toEqual(
      invalid,
    );
  });

  it("refuses a long-term key that comes with a session token", async () => {
    const request = await signed({ credentials: { ...longTerm, sessionToken: session.sessionToken } });
    expect(verify(request)).toMatchObject({ ok: false, failure: "unknown-key" });
  });

  it("refuses an expired session with ExpiredToken's message, whatever the signature", async () => {
    const later = minutes(16);
    const request = await signed({ credentials: session, at: later });
    expect(verify(request, "sts", later)).toEqual({
      ok: false,
      failure: "expired-token",
      message: "The security token included in the request is expired",
    });
  });
});
