// Callers and credentials end to end, on the whole runtime started from a small hand-written cloud
// assembly: a role session from the local STS (AssumeRole over HTTP) and role credentials call an
// AWS_IAM method of a REGIONAL REST API over real HTTPS through the entry point outside every VPC,
// signed with SigV4 for execute-api; the function behind it sees the caller in requestContext.identity.
import { rmSync } from "node:fs";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsCredentials } from "../../src/local/iam/types.js";
import { PLUGINS } from "../../src/local/plugins.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { NodeSha256, queryCall } from "../support/aws-signing.js";
import { type CurlResult, curl } from "../support/curl.js";
import { freshDataDir } from "../support/orders-system.js";
import { CONSUMER, PROVIDER, REGION, roleArn, writeIamCallersAssembly } from "./iam-callers-assembly.js";

const assemblyDir = writeIamCallersAssembly();
const dataDir = freshDataDir();
let system: RunningSystem;
let whoami: string;

beforeAll(async () => {
  system = await startRuntime({
    assemblyDir,
    dataDir,
    inMemory: true,
    portBase: 0,
    log: () => {},
    functionLog: () => {},
    // No table in this assembly: no DynamoDB engine to start.
    plugins: PLUGINS.filter((plugin) => plugin.name !== "dynamodb"),
  });
  const apiId = system.endpoints.restApis[`${PROVIDER}/whoami`];
  whoami = `https://${apiId}.execute-api.${REGION}.amazonaws.com/v1/whoami`;
});
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(assemblyDir, { recursive: true, force: true });
});

/** GET whoami through the internet entry point, signed for execute-api when credentials are given. */
async function call(credentials?: AwsCredentials): Promise<CurlResult> {
  const url = new URL(whoami);
  const headers: string[] = [];
  if (credentials !== undefined) {
    const signer = new SignatureV4({
      service: "execute-api",
      region: REGION,
      credentials,
      sha256: NodeSha256,
    });
    const signed = await signer.sign({
      method: "GET",
      protocol: "https:",
      hostname: url.hostname,
      path: url.pathname,
      headers: { host: url.hostname },
    });
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name !== "host") headers.push("-H", `${name}: ${value}`);
    }
  }
  return curl(["-k", ...headers, whoami], { proxy: system.endpoints.internet });
}

/** A session of the consumer's Caller role, from the local STS: Operator assumes it. */
async function callerSession(): Promise<
  Required<Pick<AwsCredentials, "accessKeyId" | "secretAccessKey" | "sessionToken">>
> {
  const operator = system.credentials.forRole(roleArn(CONSUMER, "Operator"), "operator");
  const answer = await queryCall(system.endpoints.aws, operator, "sts", {
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: roleArn(CONSUMER, "Caller"),
    RoleSessionName: "scenario",
  });
  expect(answer.status, answer.text).toBe(200);
  const member = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.text)?.[1] ?? "";
  return {
    accessKeyId: member("AccessKeyId"),
    secretAccessKey: member("SecretAccessKey"),
    sessionToken: member("SessionToken"),
  };
}

describe("an AWS_IAM method on the running system", () => {
  it("answers an unsigned call 403 Missing Authentication Token", async () => {
    const result = await call();
    expect([result.status, result.headers["x-amzn-errortype"], result.body]).toEqual([
      403,
      "MissingAuthenticationTokenException",
      '{"message":"Missing Authentication Token"}',
    ]);
  });

  it("answers a role its identity policy allows 200; the function sees the caller and runs with temporary credentials", async () => {
    const credentials = system.credentials.forRole(roleArn(PROVIDER, "Allowed"), "allowed");
    const result = await call(credentials);
    expect(result.status, result.body).toBe(200);
    const body = JSON.parse(result.body) as { identity: Record<string, unknown> } & Record<string, unknown>;
    expect(body.identity).toMatchObject({
      accessKey: credentials.accessKeyId,
      accountId: PROVIDER,
      caller: expect.stringMatching(/^AROA[A-Z0-9]{17}:allowed$/),
      user: expect.stringMatching(/^AROA[A-Z0-9]{17}:allowed$/),
      userArn: `arn:aws:sts::${PROVIDER}:assumed-role/Allowed/allowed`,
    });
    expect(body).toMatchObject({ functionKeyPrefix: "ASIA", functionHasSessionToken: true });
  });

  it("answers a role nothing allows 403 with AWS's body", async () => {
    const result = await call(system.credentials.forRole(roleArn(PROVIDER, "Denied"), "denied"));
    expect([result.status, result.headers["x-amzn-errortype"]]).toEqual([403, "AccessDeniedException"]);
    const apiId = new URL(whoami).hostname.split(".")[0];
    expect(result.body).toBe(
      `{"Message":"User: arn:aws:sts::${PROVIDER}:assumed-role/Denied/denied is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********2222:${apiId}/v1/GET/whoami"}`,
    );
  });

  it("lets another account's assumed-role session in when both its identity policy and the API's policy allow", async () => {
    const result = await call(await callerSession());
    expect(result.status, result.body).toBe(200);
    const { identity } = JSON.parse(result.body) as { identity: Record<string, unknown> };
    expect(identity).toMatchObject({
      accountId: CONSUMER,
      accessKey: expect.stringMatching(/^ASIA/),
      userArn: `arn:aws:sts::${CONSUMER}:assumed-role/Caller/scenario`,
    });
  });

  it("refuses another account's role that only its own identity policy allows", async () => {
    const result = await call(system.credentials.forRole(roleArn(CONSUMER, "Stranger"), "stranger"));
    expect(result.status).toBe(403);
    expect(result.body).toContain(
      `"Message":"User: arn:aws:sts::${CONSUMER}:assumed-role/Stranger/stranger is not authorized`,
    );
  });
});
