// The Lambda API on the local AWS endpoint, driven by the AWS SDK's LambdaClient: Invoke
// (RequestResponse, Event, DryRun, log tail, client context, qualifiers, errors), the function's
// configuration (read and environment updated, then invoked again) and its resource policy
// (AddPermission lets another account's role in, RemovePermission takes it back). The AWS CLI's
// cases are in lambda-api.interop.test.ts.
import {
  AddPermissionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  ListFunctionsCommand,
  RemovePermissionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  ACCOUNT,
  type LambdaApiWorld,
  OTHER,
  REGION,
  startLambdaApiWorld,
} from "./lambda-api.test-support.js";

let world: LambdaApiWorld;
let operator: AwsCredentials;
let stranger: AwsCredentials;
let outsider: AwsCredentials;
const client = (credentials: AwsCredentials) => world.client(credentials);
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

beforeAll(async () => {
  world = await startLambdaApiWorld();
  ({ operator, stranger, outsider } = world);
});

afterAll(async () => {
  await world?.stop();
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

describe("ListFunctions (SDK)", () => {
  it("lists the caller's account's functions a page at a time, and only to a caller allowed to", async () => {
    const first = await client(operator).send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(first.Functions?.map((f) => [f.FunctionName, f.Runtime])).toEqual([["echo", "nodejs22.x"]]);
    expect(first.NextMarker).toBe("echo");
    const second = await client(operator).send(new ListFunctionsCommand({ Marker: first.NextMarker }));
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(["py-echo"]);
    expect(second.NextMarker).toBeUndefined();
    expect(second.Functions?.[0]?.FunctionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:py-echo`);
    await expect(client(stranger).send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("lambda:ListFunctions"),
    });
    // The outsider may only invoke: listing needs lambda:ListFunctions even in its own account.
    await expect(client(outsider).send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    await expect(client(operator).send(new ListFunctionsCommand({ MaxItems: 51 }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });
});
