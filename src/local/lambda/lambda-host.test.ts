import { afterEach, describe, expect, it } from "vitest";
import { fixtureSpec, logCollector, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost } from "./lambda-host.js";
import type { FunctionSpec, InvokeResult } from "./types.js";

const hosts: LambdaHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

function start(specs: FunctionSpec[], log: (line: string) => void = () => {}): LambdaHost {
  const host = new LambdaHost(testBindings(), { log });
  hosts.push(host);
  for (const spec of specs) {
    host.register(spec);
  }
  return host;
}

function payloadOf(result: InvokeResult): unknown {
  expect(result.kind, JSON.stringify(result)).toBe("success");
  return result.kind === "success" ? result.payload : undefined;
}

describe("LambdaHost invoke", () => {
  it("passes the event and a Lambda context, and returns the payload with JSON semantics", async () => {
    const spec = fixtureSpec("echo", { memoryMb: 512, timeoutSeconds: 7 });
    const host = start([spec]);
    const result = await host.invoke(
      `${spec.arn}:$LATEST`,
      { order: 1, skipped: undefined, at: new Date(0) },
      {
        requestId: "req-echo-1",
      },
    );
    const payload = payloadOf(result) as {
      event: unknown;
      context: Record<string, unknown>;
      notJson: unknown;
    };
    expect(result.requestId).toBe("req-echo-1");
    expect(payload.event).toEqual({ order: 1, at: "1970-01-01T00:00:00.000Z" });
    expect(payload.notJson).toEqual({ date: "1970-01-01T00:00:00.000Z", map: {} });
    expect(payload.context).toMatchObject({
      awsRequestId: "req-echo-1",
      functionName: "echo",
      functionVersion: "$LATEST",
      invokedFunctionArn: spec.arn,
      memoryLimitInMB: "512",
      logGroupName: "/aws/lambda/echo",
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(payload.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(payload.context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(payload.context.remainingTimeInMillis).toBeLessThanOrEqual(7000);
  });

  it("resolves nested handler paths and turns an undefined event into null", async () => {
    const host = start([fixtureSpec("nested", { handler: "echo.nested.deeper.handler" })]);
    const payload = payloadOf(await host.invoke(fixtureSpec("nested").arn, undefined)) as { event: unknown };
    expect(payload.event).toBeNull();
  });

  it("loads CommonJS bundles even inside a project whose package.json says type: module", async () => {
    const spec = fixtureSpec("cjs", { codeDir: `${fixtureSpec("x").codeDir}cjs`, handler: "index.handler" });
    const host = start([spec]);
    expect(payloadOf(await host.invoke(spec.arn, {}))).toEqual({
      value: "from a CommonJS helper",
      moduleType: "object",
    });
  });

  it("gives the handler exactly Lambda's environment and nothing of the host process", async () => {
    const spec = fixtureSpec("env-dump", {
      handler: "env.handler",
      environment: { TABLE_NAME: "orders", PATH: "/custom/bin", NODE_OPTIONS: "--enable-source-maps" },
      vpcId: "vpc-0aaaaaaaaaaaaaaaa",
      memoryMb: 1024,
      logGroupName: "/custom/group",
      logFormat: "JSON",
      applicationLogLevel: "warn",
    });
    const host = start([spec]);
    const env = payloadOf(await host.invoke(spec.arn, {})) as Record<string, string>;
    expect(env.HOME).toBeUndefined();
    expect(env.USER).toBeUndefined();
    expect(env.VITEST).toBeUndefined();
    expect(Object.keys(env).sort()).toEqual(
      [
        "AWS_ACCESS_KEY_ID",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_FORMAT",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_LEVEL",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_REGION",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "LAMBDA_RUNTIME_DIR",
        "LAMBDA_TASK_ROOT",
        "LANG",
        "LD_LIBRARY_PATH",
        "NODE_OPTIONS",
        "NODE_PATH",
        "NO_PROXY",
        "PATH",
        "TABLE_NAME",
        "TZ",
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
      ].sort(),
    );
    expect(env).toMatchObject({
      TABLE_NAME: "orders",
      PATH: "/custom/bin",
      TZ: ":UTC",
      _HANDLER: "env.handler",
      // Lambda's NODE_PATH: layers (none), the runtime's node_modules (the SDK), the task root.
      NODE_PATH: expect.stringMatching(/\/node_modules:.*fixtures\/lambda\/?$/),
      _X_AMZN_TRACE_ID: expect.stringMatching(
        /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/,
      ),
      AWS_REGION: "eu-central-1",
      AWS_DEFAULT_REGION: "eu-central-1",
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_LAMBDA_FUNCTION_NAME: "env-dump",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
      AWS_LAMBDA_LOG_GROUP_NAME: "/custom/group",
      AWS_LAMBDA_LOG_FORMAT: "JSON",
      AWS_LAMBDA_LOG_LEVEL: "WARN",
      LAMBDA_TASK_ROOT: spec.codeDir,
      AWS_ACCESS_KEY_ID: "ASIALOCALTEST",
      AWS_SECRET_ACCESS_KEY: "local-secret",
      AWS_SESSION_TOKEN: "local-session",
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
      HTTP_PROXY: "http://127.0.0.1:18080",
      HTTPS_PROXY: "http://127.0.0.1:18080",
    });
  });

  it("reports handler errors as Lambda does and keeps the environment", async () => {
    const host = start([
      fixtureSpec("fails", { handler: "throws.handler" }),
      fixtureSpec("fails-string", { handler: "throws.rejectsWithString" }),
      fixtureSpec("fails-sync", { handler: "throws.throwsSync" }),
      fixtureSpec("circular", { handler: "throws.circular" }),
    ]);
    expect(await host.invoke(fixtureSpec("fails").arn, {}, { requestId: "r1" })).toMatchObject({
      kind: "error",
      errorType: "TypeError",
      errorMessage: "the order is not valid",
      requestId: "r1",
    });
    expect(await host.invoke(fixtureSpec("fails-string").arn, {})).toMatchObject({
      kind: "error",
      errorType: "string",
      errorMessage: "plain words",
    });
    expect(await host.invoke(fixtureSpec("fails-sync").arn, {})).toMatchObject({
      kind: "error",
      errorType: "RangeError",
      errorMessage: "out of range",
    });
    expect(await host.invoke(fixtureSpec("circular").arn, {})).toMatchObject({
      kind: "error",
      errorType: "Runtime.JSONStringifyError",
      errorMessage: "Unable to stringify response body",
    });
    expect(await host.invoke(fixtureSpec("fails").arn, {})).toMatchObject({
      kind: "error",
      errorType: "TypeError",
    });
  });

  it("supports callback-style handlers and context.succeed up to nodejs22.x", async () => {
    const host = start([
      fixtureSpec("cb", { handler: "callback.handler" }),
      fixtureSpec("cb-fails", { handler: "callback.fails" }),
      fixtureSpec("cb-context", { handler: "callback.succeedsThroughContext" }),
      fixtureSpec("cb-24", { handler: "callback.handler", runtime: "nodejs24.x" }),
    ]);
    expect(payloadOf(await host.invoke(fixtureSpec("cb").arn, { a: 1 }))).toEqual({
      via: "callback",
      event: { a: 1 },
    });
    expect(await host.invoke(fixtureSpec("cb-fails").arn, {})).toMatchObject({
      kind: "error",
      errorType: "SyntaxError",
      errorMessage: "callback error",
    });
    expect(payloadOf(await host.invoke(fixtureSpec("cb-context").arn, {}))).toEqual({
      via: "context.succeed",
    });
    expect(await host.invoke(fixtureSpec("cb-24").arn, {})).toMatchObject({
      kind: "error",
      errorType: "Runtime.CallbackHandlerDeprecated",
    });
  });

  it("reports init errors with the runtime's error types", async () => {
    const host = start([
      fixtureSpec("no-module", { handler: "missing.handler" }),
      fixtureSpec("no-export", { handler: "echo.absent" }),
      fixtureSpec("not-function", { handler: "echo.notAFunction" }),
      fixtureSpec("bad-name", { handler: "index" }),
      fixtureSpec("init-throws", { handler: "init-throws.handler" }),
    ]);
    const invoke = (name: string) => host.invoke(fixtureSpec(name).arn, {});
    expect(await invoke("no-module")).toMatchObject({
      kind: "error",
      errorType: "Runtime.ImportModuleError",
      errorMessage: "Error: Cannot find module 'missing'",
    });
    expect(await invoke("no-export")).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "echo.absent is undefined or not exported",
    });
    expect(await invoke("not-function")).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "echo.notAFunction is not a function",
    });
    expect(await invoke("bad-name")).toMatchObject({
      errorType: "Runtime.MalformedHandlerName",
      errorMessage: "Bad handler",
    });
    expect(await invoke("init-throws")).toMatchObject({
      errorType: "Error",
      errorMessage: "cannot start: configuration missing",
    });
  });

  it("shows console and stdout output per function with the request id, between START and REPORT", async () => {
    const collector = logCollector();
    const spec = fixtureSpec("logger", { handler: "logging.handler", memoryMb: 128 });
    const host = start([spec], collector.log);
    payloadOf(await host.invoke(spec.arn, { marker: "m-1" }, { requestId: "req-log-1" }));
    payloadOf(await host.invoke(spec.arn, { marker: "m-2" }, { requestId: "req-log-2" }));
    const lines = collector.lines;
    expect(lines.every((line) => line.startsWith("[logger] "))).toBe(true);
    const first = lines.slice(0, lines.indexOf("[logger] END RequestId: req-log-1") + 2);
    expect(first[0]).toBe("[logger] START RequestId: req-log-1 Version: $LATEST");
    const levels = first.flatMap((line) => {
      const match = /^\[logger\] \d{4}-\d\d-\d\dT[\d:.]+Z\treq-log-1\t([A-Z]+)\t(.*)$/.exec(line);
      return match === null ? [] : [`${match[1]} ${match[2]}`];
    });
    expect(levels).toEqual([
      "INFO hello from log { n: 1 }",
      "INFO an info line",
      "WARN a warning",
      "ERROR an error line",
      "DEBUG a debug line",
    ]);
    expect(first).toContain('[logger] {"level":"INFO","message":"structured","marker":"m-1"}');
    expect(first).toContain("[logger] partial stderr line");
    const report = first[first.length - 1] ?? "";
    expect(report).toMatch(
      /^\[logger\] REPORT RequestId: req-log-1\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms$/,
    );
    const secondReport = lines.find((line) => line.startsWith("[logger] REPORT RequestId: req-log-2")) ?? "";
    expect(secondReport).not.toContain("Init Duration");
    expect(lines).toContain('[logger] {"level":"INFO","message":"structured","marker":"m-2"}');
  });

  it("writes JSON console lines and filters them by ApplicationLogLevel with LogFormat JSON", async () => {
    const collector = logCollector();
    const spec = fixtureSpec("json-logger", {
      handler: "logging.handler",
      logFormat: "JSON",
      applicationLogLevel: "WARN",
    });
    const host = start([spec], collector.log);
    payloadOf(await host.invoke(spec.arn, { marker: "j" }, { requestId: "req-json" }));
    const records = collector.lines
      .map((line) => line.slice("[json-logger] ".length))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.filter((r) => r.requestId === "req-json").map((r) => [r.level, r.message])).toEqual([
      ["WARN", "a warning"],
      ["ERROR", "an error line"],
    ]);
  });

  it("rejects unknown functions and events JSON cannot carry", async () => {
    const host = start([fixtureSpec("echo")]);
    await expect(
      host.invoke("arn:aws:lambda:eu-central-1:222222222222:function:nope", {}),
    ).rejects.toMatchObject({
      code: "LAMBDA_FUNCTION_NOT_FOUND",
    });
    await expect(host.invoke(fixtureSpec("echo").arn, { big: 1n })).rejects.toMatchObject({
      code: "LAMBDA_PAYLOAD_NOT_JSON",
    });
    expect(host.has(`${fixtureSpec("echo").arn}:$LATEST`)).toBe(true);
    expect(host.spec(fixtureSpec("echo").arn)?.handler).toBe("echo.handler");
  });
});
