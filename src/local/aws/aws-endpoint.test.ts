import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryCall, signedFetch, signedRequest } from "../../../test/support/aws-signing.js";
import { roleCaller } from "../../../test/support/aws-test-doubles.js";
import { type LocalAws, startLocalAws } from "../../../test/support/local-aws.js";

const FOOD = roleCaller("222222222222", "FoodHandler");
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ dynamodbEndpoint: inject("dynamodbEndpoint"), callers: [FOOD], grants: [] });
});
afterAll(async () => {
  await aws?.close();
});

describe("the local AWS endpoint", () => {
  it("asks unsigned JSON requests for a token, in the JSON protocol's shape", async () => {
    const response = await fetch(aws.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await response.json()).toEqual({
      __type: "com.amazon.coral.service#MissingAuthenticationTokenException",
      message: "Request is missing Authentication Token",
    });
  });

  it("asks unsigned query requests for a token, in XML", async () => {
    const response = await fetch(aws.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  it("answers a service it does not implement with 501 naming it as IAM does, in the service's protocol", async () => {
    const sqs = await signedFetch(aws.url, {
      service: "sqs",
      credentials: FOOD,
      target: "AmazonSQS.SendMessage",
      contentType: "application/x-amz-json-1.0",
      body: "{}",
    });
    expect(sqs.status).toBe(501);
    expect(JSON.parse(sqs.text)).toMatchObject({
      __type: "NotImplemented",
      message: expect.stringContaining("accountmesh does not implement sqs:SendMessage locally"),
    });
    const iam = await queryCall(aws.url, FOOD, "iam", { Action: "ListRoles", Version: "2010-05-08" });
    expect(iam.status).toBe(501);
    expect(iam.text).toContain("<Code>NotImplemented</Code>");
    expect(iam.text).toContain("iam:ListRoles");
    // REST services without a plugin: S3 answers `<Error>` XML, REST-JSON services JSON.
    const s3 = await signedRequest(aws.url, {
      service: "s3",
      credentials: FOOD,
      method: "PUT",
      path: "/bucket/key",
    });
    expect(s3.status).toBe(501);
    expect(s3.headers.get("content-type")).toBe("application/xml");
    expect(s3.text).toMatch(
      /^<\?xml[^>]*><Error><Code>NotImplemented<\/Code><Message>accountmesh does not implement s3:PUT \/bucket\/key locally/,
    );
    const scheduler = await signedRequest(aws.url, {
      service: "scheduler",
      credentials: FOOD,
      method: "GET",
      path: "/schedules",
    });
    expect(scheduler.status).toBe(501);
    expect(scheduler.headers.get("x-amzn-errortype")).toBe("NotImplemented");
    expect(JSON.parse(scheduler.text).message).toContain("scheduler:GET /schedules");
  });

  it("answers an operation a known query service does not implement with 501", async () => {
    const response = await queryCall(aws.url, FOOD, "sts", { Action: "AssumeRole", Version: "2011-06-15" });
    expect(response.status).toBe(501);
    expect(response.text).toContain(
      "accountmesh does not implement sts:AssumeRole locally (implemented sts operations: GetCallerIdentity)",
    );
  });
});
