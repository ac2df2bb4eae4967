// The AWS CLI v2 against STS on the local endpoint (npm run test:interop): assume-role across
// accounts, then the CLI with the session's credentials.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAwsCli } from "../../../../../test/support/aws-cli.js";
import type { ServedHandler } from "../../../../../test/support/serve-local-handler.js";
import { B, CALLER, PARTNER, serveSts } from "./sts-assume-role.test-support.js";

let served: ServedHandler;

beforeAll(async () => {
  served = await serveSts();
});
afterAll(async () => {
  await served?.close();
});

describe("the AWS CLI", () => {
  it("aws sts assume-role, then the CLI with the session's credentials", async () => {
    const assumed = await runAwsCli(served.url, CALLER, [
      "sts",
      "assume-role",
      "--role-arn",
      PARTNER,
      "--role-session-name",
      "cli-session",
    ]);
    expect(assumed.stderr).toBe("");
    const { Credentials, AssumedRoleUser } = JSON.parse(assumed.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
      AssumedRoleUser: { Arn: string };
    };
    expect(AssumedRoleUser.Arn).toBe(`arn:aws:sts::${B}:assumed-role/Partner/cli-session`);
    expect(Credentials.AccessKeyId).toMatch(/^ASIA/);
    const identity = await runAwsCli(
      served.url,
      {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
      },
      ["sts", "get-caller-identity"],
    );
    expect(identity.stderr).toBe("");
    expect(JSON.parse(identity.stdout)).toMatchObject({ Account: B, Arn: AssumedRoleUser.Arn });
  });
});
