import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NodeSha256, queryCall } from "../../../../../test/support/aws-signing.js";
import { roleCaller } from "../../../../../test/support/aws-test-doubles.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";

const FOOD = roleCaller("222222222222", "FoodHandler");
const ACTION = { Action: "GetCallerIdentity", Version: "2011-06-15" };
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ dynamodbEndpoint: inject("dynamodbEndpoint"), callers: [FOOD], grants: [] });
});
afterAll(async () => {
  await aws?.close();
});

describe("STS GetCallerIdentity", () => {
  it("answers in the query protocol's XML, needing no permission", async () => {
    const response = await queryCall(aws.url, FOOD, "sts", ACTION);
    expect(response.status).toBe(200);
    expect(response.text).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    expect(response.text).toContain(
      "<Arn>arn:aws:sts::222222222222:assumed-role/FoodHandler/FoodHandler-session</Arn>",
    );
    expect(response.text).toContain("<Account>222222222222</Account>");
    expect(response.text).toMatch(/<UserId>AROA[A-Z0-9]{17}:FoodHandler-session<\/UserId>/);
    expect(aws.authorizer.calls).toHaveLength(0);
  });

  it("answers JSON when the client asks for it", async () => {
    const response = await queryCall(aws.url, FOOD, "sts", ACTION, { accept: "application/json" });
    const body = JSON.parse(response.text);
    expect(body.GetCallerIdentityResponse.GetCallerIdentityResult).toMatchObject({ Account: "222222222222" });
    expect(body.GetCallerIdentityResponse.ResponseMetadata.RequestId).toEqual(expect.any(String));
  });

  it("accepts a presigned GetCallerIdentity URL", async () => {
    const url = new URL(aws.url);
    const signer = new SignatureV4({
      service: "sts",
      region: "eu-central-1",
      credentials: FOOD,
      sha256: NodeSha256,
    });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: ACTION,
        headers: { host: url.host },
      },
      { expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const response = await fetch(`${aws.url}/?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<Account>222222222222</Account>");
  });

  it("rejects an unknown key and a bad signature with STS's error codes", async () => {
    const unknown = await queryCall(
      aws.url,
      { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" },
      "sts",
      ACTION,
    );
    expect(unknown.status).toBe(403);
    expect(unknown.text).toContain("<Code>InvalidClientTokenId</Code>");
    const mismatch = await queryCall(aws.url, { ...FOOD, secretAccessKey: "wrong" }, "sts", ACTION);
    expect(mismatch.status).toBe(403);
    expect(mismatch.text).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code>/,
    );
  });
});
