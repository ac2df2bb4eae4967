// Every Lambda runtime, with what Lambda provides, on the whole runtime started from a small CDK app
// (test/fixtures/runtimes-app): each function starts and serves its request, or is reported with what
// it cannot honour. Driven with real clients: curl through the entry point outside every VPC (real
// TLS, the local CA), the AWS SDK's LambdaClient (the AWS CLI v2's case is in
// test/interop/runtimes.interop.test.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsCredentials } from "../../src/local/iam/types.js";
import type { RunningSystem } from "../../src/local/runtime.js";
import { ACCOUNT, REGION } from "../fixtures/runtimes-app/runtimes-app.js";
import { NodeSha256 } from "../support/aws-signing.js";
import { curl } from "../support/curl.js";
import { startRuntimesSystem } from "./runtimes-system.js";

const workDir = mkdtempSync(join(tmpdir(), "accountmesh-runtimes-"));
const log: string[] = [];
const functionLog: string[] = [];
let system: RunningSystem;
let admin: AwsCredentials;

beforeAll(async () => {
  ({ system, admin } = await startRuntimesSystem(
    workDir,
    (line) => log.push(line),
    (line) => functionLog.push(line),
  ));
}, 180_000);

afterAll(async () => {
  await system?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const url = (name: string) => system.endpoints.functionUrls?.[`${ACCOUNT}/${name}`] ?? "";
const fetchUrl = (target: string, headers: string[] = []) =>
  curl(["--cacert", system.endpoints.caFile ?? "", ...headers, target], { proxy: system.endpoints.internet });
const lambda = () =>
  new LambdaClient({
    endpoint: system.endpoints.aws,
    region: REGION,
    credentials: { ...admin },
    maxAttempts: 1,
  });

describe("start-up", () => {
  it("says how each runtime runs here and reports the one it cannot run, with what would", () => {
    expect(log).toContainEqual(
      expect.stringMatching(/^Lambda nodejs22\.x runs.*: Node\.js .*AWS SDK for JavaScript v3 3\.\d+\.\d+/),
    );
    expect(log).toContainEqual(expect.stringMatching(/^Lambda python3\.12 runs.*: Python 3\.\d+\.\d+ /));
    expect(log).toContainEqual(
      expect.stringMatching(/^Lambda provided\.al2023 runs: the function's own bootstrap/),
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /^Lambda java21 cannot run: Java functions need Lambda's Java runtime interface client/,
      ),
    );
    expect(system.unsupported).toContainEqual(
      expect.objectContaining({
        kind: "property",
        name: "AWS::Lambda::Function.Runtime java21",
        where: "Runtimes/Java7EC9B137",
      }),
    );
    expect(url("python-fn")).toMatch(/^https:\/\/[a-z0-9]{32}\.lambda-url\.eu-central-1\.on\.aws\/$/);
  });
});

describe("a Python function behind a NONE function URL", () => {
  it("answers over HTTPS with boto3 (its role, from the local STS), its asset's package and its layer", async () => {
    const answer = await fetchUrl(`${url("python-fn")}greet?name=ana`);
    expect([answer.exitCode, answer.status], answer.error || answer.body).toEqual([0, 200]);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.body)).toMatchObject({
      runtime: "python",
      path: "/greet",
      greeting: "hello, ana",
      shout: "ANA!",
      caller: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/.+/python-fn$`)),
    });
    expect(functionLog).toContainEqual(expect.stringMatching(/^\[python-fn\] REPORT RequestId: /));
  });
});

describe("a NodejsFunction using the runtime's AWS SDK", () => {
  it("invokes the Python function with @aws-sdk/client-lambda through the local endpoint, as its role", async () => {
    const answer = await lambda().send(
      new InvokeCommand({ FunctionName: "node-fn", Payload: '{"name":"node"}' }),
    );
    expect(answer.FunctionError, Buffer.from(answer.Payload ?? []).toString()).toBeUndefined();
    const payload = JSON.parse(Buffer.from(answer.Payload ?? []).toString("utf8"));
    expect(payload).toMatchObject({ runtime: "node", pythonError: null, python: { statusCode: 200 } });
    expect(JSON.parse(payload.python.body)).toMatchObject({ path: "/from-node", greeting: "hello, node" });
  });
});

describe("a custom runtime (shell bootstrap) behind an AWS_IAM function URL", () => {
  async function signedHeaders(credentials: AwsCredentials, target: string): Promise<string[]> {
    const parsed = new URL(target);
    const signer = new SignatureV4({ service: "lambda", region: REGION, credentials, sha256: NodeSha256 });
    const signed = await signer.sign({
      method: "GET",
      protocol: "https:",
      hostname: parsed.hostname,
      path: parsed.pathname,
      headers: { host: parsed.hostname },
    });
    return Object.entries(signed.headers)
      .filter(([name]) => name !== "host")
      .flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  }

  it("refuses an unsigned request with AWS's 403", async () => {
    const answer = await fetchUrl(url("shell-fn"));
    expect([answer.status, answer.body]).toEqual([403, '{"Message":"Forbidden"}']);
  });

  it("serves the role that grantInvokeUrl allowed, through the Runtime API", async () => {
    const caller = system.credentials.forRole(`arn:aws:iam::${ACCOUNT}:role/UrlCaller`, "caller");
    const answer = await fetchUrl(url("shell-fn"), await signedHeaders(caller, url("shell-fn")));
    expect([answer.status, answer.body]).toEqual([200, "hello from the shell runtime of shell-fn"]);
    expect(functionLog).toContainEqual(
      expect.stringMatching(/^\[shell-fn\] shell handler got: \{"version":"2\.0"/),
    );
  });
});

describe("a function whose runtime this machine cannot run", () => {
  it("answers its invocations as Lambda answers a broken runtime, and the runtime keeps serving", async () => {
    const answer = await lambda().send(new InvokeCommand({ FunctionName: "java-fn", Payload: "{}" }));
    expect(answer.FunctionError).toBe("Unhandled");
    expect(JSON.parse(Buffer.from(answer.Payload ?? []).toString("utf8"))).toMatchObject({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: expect.stringContaining("java21 cannot run on this machine"),
    });
    const again = await fetchUrl(`${url("python-fn")}?name=still`);
    expect(again.status).toBe(200);
  });
});
