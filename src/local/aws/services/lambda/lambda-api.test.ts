// The Lambda API on the local AWS endpoint, driven by the AWS SDK's LambdaClient and the AWS CLI:
// Invoke (RequestResponse, Event, DryRun, log tail, client context, qualifiers, errors), the
// function's configuration (read and environment updated, then invoked again) and its resource
// policy (AddPermission lets another account's role in, RemovePermission takes it back).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AddPermissionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  RemovePermissionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAwsCli } from "../../../../../test/support/aws-cli.js";
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { lambdaPlugin } from "./lambda-plugin.js";

const ACCOUNT = "444444444444";
const OTHER = "555555555555";
const REGION = "eu-central-1";
/** Debian's AWS CLI v2 (.ci/run installs it). */
const AWS_CLI_V2 = "/usr/bin/aws";
const stack = testStack(ACCOUNT, "Functions");
const other = testStack(OTHER, "Callers");
const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const ECHO = `exports.handler = async (event, context) => {
  console.log("echoing", JSON.stringify(event));
  if (event.fail) throw new TypeError("asked to fail");
  return { event, greeting: process.env.GREETING ?? null, custom: context.clientContext?.custom ?? null };
};`;
const PY_ECHO = `def handler(event, context):
    return {"python": True, "event": event}
`;

let world: PlatformUnderTest;
let served: ServedHandler;
let operator: AwsCredentials;
let stranger: AwsCredentials;
let outsider: AwsCredentials;
const dir = mkdtempSync(join(tmpdir(), "accountmesh-lambda-api-"));

const client = (credentials: AwsCredentials) =>
  new LambdaClient({ endpoint: served.url, region: REGION, credentials: { ...credentials }, maxAttempts: 1 });
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, lambdaPlugin], [stack, other]);
  const role = async (target: typeof stack, name: string, statements: unknown[]) => {
    const created = await world.create(target, name, "AWS::IAM::Role", {
      RoleName: name,
      AssumeRolePolicyDocument: trust,
      ...(statements.length === 0
        ? {}
        : { Policies: [{ PolicyName: "p", PolicyDocument: { Statement: statements } }] }),
    });
    return String(created.attributes?.Arn);
  };
  const fnRole = await role(stack, "EchoRole", []);
  await world.create(stack, "Echo", "AWS::Lambda::Function", {
    FunctionName: "echo",
    Runtime: "nodejs22.x",
    Handler: "index.handler",
    Role: fnRole,
    Code: { ZipFile: ECHO },
  });
  await world.create(stack, "PyEcho", "AWS::Lambda::Function", {
    FunctionName: "py-echo",
    Runtime: "python3.12",
    Handler: "index.handler",
    Role: fnRole,
    Code: { ZipFile: PY_ECHO },
  });
  operator = world.platform.credentials.forRole(
    await role(stack, "Operator", [{ Effect: "Allow", Action: "lambda:*", Resource: "*" }]),
    "operator",
  );
  stranger = world.platform.credentials.forRole(await role(stack, "Stranger", []), "stranger");
  outsider = world.platform.credentials.forRole(
    await role(other, "Outsider", [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }]),
    "outsider",
  );
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("Invoke on the wire (SDK InvokeCommand)", () => {
  it("returns the payload, the executed version and, with LogType Tail, the end of the log", async () => {
    const answer = await client(operator).send(
      new InvokeCommand({ FunctionName: "echo", Payload: JSON.stringify({ n: 1 }), LogType: "Tail" }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.ExecutedVersion).toBe("$LATEST");
    expect(answer.FunctionError).toBeUndefined();
    expect(JSON.parse(text(answer.Payload))).toEqual({ event: { n: 1 }, greeting: null, custom: null });
    const log = Buffer.from(answer.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    expect(log).toContain('\tINFO\techoing {"n":1}\n');
    expect(log).toMatch(/\nREPORT RequestId: [0-9a-f-]{36}\t.*\n$/);
  });

  it("passes ClientContext to the function and answers a function error with X-Amz-Function-Error", async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: "blue" } })).toString("base64");
    const withContext = await client(operator).send(
      new InvokeCommand({ FunctionName: "echo", Payload: "{}", ClientContext: clientContext }),
    );
    expect(JSON.parse(text(withContext.Payload)).custom).toEqual({ tenant: "blue" });
    const failed = await client(operator).send(
      new InvokeCommand({ FunctionName: "echo", Payload: JSON.stringify({ fail: true }) }),
    );
    expect([failed.StatusCode, failed.FunctionError]).toEqual([200, "Unhandled"]);
    expect(JSON.parse(text(failed.Payload))).toEqual({
      errorType: "TypeError",
      errorMessage: "asked to fail",
    });
  });

  it("invokes a Python function over the same API; Event answers 202, DryRun 204", async () => {
    const python = await client(operator).send(
      new InvokeCommand({ FunctionName: "py-echo", Payload: '{"a":1}' }),
    );
    expect(JSON.parse(text(python.Payload))).toEqual({ python: true, event: { a: 1 } });
    const event = await client(operator).send(
      new InvokeCommand({ FunctionName: "py-echo", InvocationType: "Event", Payload: "{}" }),
    );
    expect(event.StatusCode).toBe(202);
    const dryRun = await client(operator).send(
      new InvokeCommand({ FunctionName: "echo", InvocationType: "DryRun" }),
    );
    expect(dryRun.StatusCode).toBe(204);
  });

  it("answers Lambda's errors: unknown function or qualifier, denied caller, payload not JSON", async () => {
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => "no error",
        (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) =>
          `${error.$metadata?.httpStatusCode} ${error.name}: ${error.message}`,
      );
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`;
    expect(await failure(client(operator).send(new InvokeCommand({ FunctionName: "nope" })))).toBe(
      `404 ResourceNotFoundException: Function not found: ${arn}:nope`,
    );
    expect(
      await failure(client(operator).send(new InvokeCommand({ FunctionName: "echo", Qualifier: "prod" }))),
    ).toBe(`404 ResourceNotFoundException: Function not found: ${arn}:echo:prod`);
    expect(await failure(client(stranger).send(new InvokeCommand({ FunctionName: "echo" })))).toBe(
      `403 AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/Stranger/stranger is not authorized to perform: lambda:InvokeFunction on resource: ${arn}:echo because no identity-based policy allows the lambda:InvokeFunction action`,
    );
    expect(
      await failure(client(operator).send(new InvokeCommand({ FunctionName: "echo", Payload: "{nope" }))),
    ).toMatch(/^400 InvalidRequestContentException: Could not parse request body into json/);
  });
});

describe("configuration and resource policy (SDK)", () => {
  it("updates the environment; the next invocation sees it", async () => {
    const lambda = client(operator);
    const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "echo" }));
    expect(before).toMatchObject({
      FunctionName: "echo",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      State: "Active",
      Environment: { Variables: {} },
    });
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "echo",
        Environment: { Variables: { GREETING: "hej" } },
      }),
    );
    expect(updated.Environment?.Variables).toEqual({ GREETING: "hej" });
    expect(updated.RevisionId).not.toBe(before.RevisionId);
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: "{}" }));
    expect(JSON.parse(text(answer.Payload)).greeting).toBe("hej");
    await expect(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: "echo",
          Environment: { Variables: { AWS_REGION: "x" } },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining("AWS_REGION"),
    });
    await expect(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "echo", Handler: "other.handler" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining("Handler"),
    });
  });

  it("lets another account's role invoke once AddPermission names its account, and not after RemovePermission", async () => {
    const owner = client(operator);
    const functionName = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:py-echo`;
    await expect(
      client(outsider).send(new InvokeCommand({ FunctionName: functionName })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    await expect(owner.send(new GetPolicyCommand({ FunctionName: "py-echo" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    const added = await owner.send(
      new AddPermissionCommand({
        FunctionName: "py-echo",
        StatementId: "outsiders",
        Action: "lambda:InvokeFunction",
        Principal: OTHER,
      }),
    );
    expect(JSON.parse(added.Statement ?? "{}")).toEqual({
      Sid: "outsiders",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
      Action: "lambda:InvokeFunction",
      Resource: functionName,
    });
    await expect(
      owner.send(
        new AddPermissionCommand({
          FunctionName: "py-echo",
          StatementId: "outsiders",
          Action: "lambda:InvokeFunction",
          Principal: OTHER,
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceConflictException", $metadata: { httpStatusCode: 409 } });
    const policy = await owner.send(new GetPolicyCommand({ FunctionName: "py-echo" }));
    expect(JSON.parse(policy.Policy ?? "{}").Statement).toHaveLength(1);
    const invoked = await client(outsider).send(
      new InvokeCommand({ FunctionName: functionName, Payload: "1" }),
    );
    expect(JSON.parse(text(invoked.Payload))).toEqual({ python: true, event: 1 });
    await owner.send(new RemovePermissionCommand({ FunctionName: "py-echo", StatementId: "outsiders" }));
    await expect(
      client(outsider).send(new InvokeCommand({ FunctionName: functionName })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
  });
});

describe("the AWS CLI", () => {
  it("aws lambda invoke writes the payload to the outfile and prints the status", async () => {
    const outfile = join(dir, "out.json");
    const payload = join(dir, "payload.json");
    writeFileSync(payload, '{"from":"cli"}');
    // fileb:// passes the bytes as they are (CLI v2 reads --payload text as base64 otherwise).
    const result = await runAwsCli(
      served.url,
      operator,
      ["lambda", "invoke", "--function-name", "py-echo", "--payload", `fileb://${payload}`, outfile],
      AWS_CLI_V2,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(JSON.parse(readFileSync(outfile, "utf8"))).toEqual({ python: true, event: { from: "cli" } });
  });

  it("aws lambda get-function-configuration, and an error the CLI names", async () => {
    const config = await runAwsCli(served.url, operator, [
      "lambda",
      "get-function-configuration",
      "--function-name",
      "py-echo",
    ]);
    expect(config.code, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout)).toMatchObject({ FunctionName: "py-echo", Runtime: "python3.12" });
    const denied = await runAwsCli(served.url, stranger, [
      "lambda",
      "get-function",
      "--function-name",
      "py-echo",
    ]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      "An error occurred (AccessDeniedException) when calling the GetFunction operation",
    );
  });
});
