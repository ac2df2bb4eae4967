// STS AssumeRole over the wire, with the real decision point, IAM state and credential registry:
// within and across accounts, denied by the trust policy or by the identity policy, chained sessions,
// AWS's validation errors, and the SDK's fromTemporaryCredentials (the AWS CLI's case is in
// sts-assume-role.interop.test.ts).
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryCall } from "../../../../../test/support/aws-signing.js";
import type { ServedHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  A,
  B,
  CALLER,
  EXTERNAL,
  OUTSIDER,
  PARTNER,
  registry,
  role,
  serveSts,
  TARGET,
  UNTRUSTING,
} from "./sts-assume-role.test-support.js";

let served: ServedHandler;

beforeAll(async () => {
  served = await serveSts();
});
afterAll(async () => {
  await served?.close();
});

interface Answer {
  readonly status: number;
  readonly text: string;
}

function assumeRole(credentials: AwsCredentials, params: Record<string, string>): Promise<Answer> {
  return queryCall(served.url, credentials, "sts", {
    Action: "AssumeRole",
    Version: "2011-06-15",
    ...params,
  });
}

function credentialsOf(
  answer: Answer,
): Required<Pick<AwsCredentials, "accessKeyId" | "secretAccessKey" | "sessionToken">> {
  const member = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.text)?.[1] ?? "";
  return {
    accessKeyId: member("AccessKeyId"),
    secretAccessKey: member("SecretAccessKey"),
    sessionToken: member("SessionToken"),
  };
}

async function whoAmI(credentials: AwsCredentials): Promise<string> {
  const answer = await queryCall(served.url, credentials, "sts", {
    Action: "GetCallerIdentity",
    Version: "2011-06-15",
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.text;
}

const denied = (caller: string, roleArn: string) =>
  `<Code>AccessDenied</Code><Message>User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>`;

describe("AssumeRole within an account", () => {
  it("gives temporary credentials whose caller is the assumed-role session", async () => {
    const answer = await assumeRole(CALLER, { RoleArn: TARGET, RoleSessionName: "s1" });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain(
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>',
    );
    expect(answer.text).toMatch(
      /<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role\/Target\/s1<\/Arn><AssumedRoleId>AROA[A-Z0-9]{17}:s1<\/AssumedRoleId><\/AssumedRoleUser>/,
    );
    const credentials = credentialsOf(answer);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(answer.text).toMatch(/<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/Expiration>/);
    const identity = await whoAmI(credentials);
    expect(identity).toContain("<Arn>arn:aws:sts::111111111111:assumed-role/Target/s1</Arn>");
    expect(identity).toMatch(/<UserId>AROA[A-Z0-9]{17}:s1<\/UserId>/);
    expect(identity).toContain("<Account>111111111111</Account>");
  });

  it("is denied by a trust policy that does not name the caller", async () => {
    const answer = await assumeRole(OUTSIDER, { RoleArn: TARGET, RoleSessionName: "s1" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(denied(`arn:aws:sts::${A}:assumed-role/Outsider/outsider`, TARGET));
  });

  it("checks sts:ExternalId in the trust policy", async () => {
    expect((await assumeRole(CALLER, { RoleArn: EXTERNAL, RoleSessionName: "xx" })).status).toBe(403);
    const wrong = await assumeRole(CALLER, {
      RoleArn: EXTERNAL,
      RoleSessionName: "xx",
      ExternalId: "ext-41",
    });
    expect(wrong.status).toBe(403);
    const right = await assumeRole(CALLER, {
      RoleArn: EXTERNAL,
      RoleSessionName: "xx",
      ExternalId: "ext-42",
    });
    expect(right.status, right.text).toBe(200);
  });

  it("refuses a role that does not exist like one it may not assume", async () => {
    const answer = await assumeRole(CALLER, { RoleArn: role(A, "Nope"), RoleSessionName: "s1" });
    expect(answer.text).toContain(denied(`arn:aws:sts::${A}:assumed-role/Caller/caller`, role(A, "Nope")));
  });

  it("refuses root credentials, as AWS does", async () => {
    const answer = await assumeRole(registry.adminFor(A), { RoleArn: TARGET, RoleSessionName: "s1" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(
      "<Code>AccessDenied</Code><Message>Roles may not be assumed by root accounts.</Message>",
    );
  });
});

describe("AssumeRole across accounts: both sides", () => {
  it("is allowed by the trust policy naming the caller's account and the caller's identity policy", async () => {
    const answer = await assumeRole(CALLER, { RoleArn: PARTNER, RoleSessionName: "cross" });
    expect(answer.status, answer.text).toBe(200);
    const identity = await whoAmI(credentialsOf(answer));
    expect(identity).toContain(`<Arn>arn:aws:sts::${B}:assumed-role/Partner/cross</Arn>`);
    expect(identity).toContain(`<Account>${B}</Account>`);
  });

  it("is denied by the trust policy", async () => {
    const answer = await assumeRole(CALLER, { RoleArn: UNTRUSTING, RoleSessionName: "cross" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(denied(`arn:aws:sts::${A}:assumed-role/Caller/caller`, UNTRUSTING));
  });

  it("is denied by the caller's identity policy", async () => {
    const answer = await assumeRole(OUTSIDER, { RoleArn: PARTNER, RoleSessionName: "cross" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(denied(`arn:aws:sts::${A}:assumed-role/Outsider/outsider`, PARTNER));
  });
});

describe("chained sessions and AssumeRole's limits", () => {
  it("lets an assumed-role session assume another role (role chaining)", async () => {
    const first = credentialsOf(await assumeRole(CALLER, { RoleArn: TARGET, RoleSessionName: "first" }));
    const second = await assumeRole(first, { RoleArn: PARTNER, RoleSessionName: "second" });
    expect(second.status, second.text).toBe(200);
    expect(await whoAmI(credentialsOf(second))).toContain(`assumed-role/Partner/second</Arn>`);
  });

  it("limits chained sessions to one hour", async () => {
    const answer = await assumeRole(CALLER, {
      RoleArn: EXTERNAL,
      RoleSessionName: "xx",
      ExternalId: "ext-42",
      DurationSeconds: "7200",
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(
      "<Code>ValidationError</Code><Message>The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.</Message>",
    );
  });

  it("validates its input with STS's messages", async () => {
    const answer = await assumeRole(CALLER, {
      RoleArn: TARGET,
      RoleSessionName: "a b",
      DurationSeconds: "100",
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(
      "<Message>2 validation errors detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
        "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900</Message>",
    );
    const missing = await assumeRole(CALLER, { RoleArn: TARGET });
    expect(missing.text).toContain(
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  });

  it("refuses session policies it would not apply, naming them", async () => {
    const answer = await assumeRole(CALLER, { RoleArn: TARGET, RoleSessionName: "s", Policy: "{}" });
    expect(answer.status).toBe(501);
    expect(answer.text).toContain("accountmesh does not apply session policies locally (AssumeRole Policy)");
  });
});

describe("the clients users have", () => {
  it("the SDK's fromTemporaryCredentials, also chained", async () => {
    const clientConfig = { endpoint: served.url, region: "eu-central-1" };
    const target = fromTemporaryCredentials({
      masterCredentials: { ...CALLER }, // the SDK marks where credentials came from: not on a frozen object
      params: { RoleArn: TARGET, RoleSessionName: "sdk" },
      clientConfig,
    });
    const credentials = await target();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(await whoAmI(credentials)).toContain("assumed-role/Target/sdk</Arn>");
    const chained = fromTemporaryCredentials({
      masterCredentials: target,
      params: { RoleArn: PARTNER, RoleSessionName: "sdk-chained" },
      clientConfig,
    });
    expect(await whoAmI(await chained())).toContain(
      `arn:aws:sts::${B}:assumed-role/Partner/sdk-chained</Arn>`,
    );
  });
});
