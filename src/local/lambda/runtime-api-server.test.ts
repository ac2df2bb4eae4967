// The Runtime API's wire: routes, headers of the next invocation, and the answers AWS documents for
// a runtime's mistakes (unknown request id, a second answer, a payload over the limit).
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../../test/fixtures/lambda/fixture-spec.js";
import type { Invocation } from "./execution-environment.js";
import { ProcessEnvironment } from "./process-environment.js";
import { ACCEPTED, listenRuntimeApi, type RuntimeApiServer } from "./runtime-api-server.js";

const servers: RuntimeApiServer[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

const INVOCATION: Invocation = {
  requestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
  payload: '{"hello":"world"}',
  deadline: 1_542_409_706_888,
  traceId: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0",
  clientContext: '{"custom":{"a":1}}',
};

describe("the Runtime API server", () => {
  it("hands over the next invocation with Lambda's headers and accepts its answers", async () => {
    const calls: string[] = [];
    const accept = (call: string) => {
      calls.push(call);
      return ACCEPTED;
    };
    const server = await listenRuntimeApi(
      {
        next: async () => INVOCATION,
        response: (id, body) => accept(`response ${id} ${body}`),
        error: (id, type, body) => accept(`error ${id} ${type} ${body}`),
        initError: (type) => accept(`init ${type}`),
        tooLarge: (id) => calls.push(`too large ${id}`),
      },
      "arn:aws:lambda:eu-central-1:222222222222:function:f",
    );
    servers.push(server);
    const base = `http://${server.address}/2018-06-01/runtime`;
    const next = await fetch(`${base}/invocation/next`);
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('{"hello":"world"}');
    expect(
      Object.fromEntries([...next.headers].filter(([name]) => name.startsWith("lambda-runtime"))),
    ).toEqual({
      "lambda-runtime-aws-request-id": INVOCATION.requestId,
      "lambda-runtime-deadline-ms": "1542409706888",
      "lambda-runtime-invoked-function-arn": "arn:aws:lambda:eu-central-1:222222222222:function:f",
      "lambda-runtime-trace-id": INVOCATION.traceId,
      "lambda-runtime-client-context": '{"custom":{"a":1}}',
    });
    const answered = await fetch(`${base}/invocation/${INVOCATION.requestId}/response`, {
      method: "POST",
      body: "42",
    });
    expect([answered.status, await answered.json()]).toEqual([202, { status: "OK" }]);
    await fetch(`${base}/invocation/abc/error`, {
      method: "POST",
      headers: { "Lambda-Runtime-Function-Error-Type": "Runtime.Custom" },
      body: "{}",
    });
    const big = await fetch(`${base}/invocation/abc/response`, {
      method: "POST",
      body: "x".repeat(6_291_557),
    });
    expect([big.status, await big.json()]).toEqual([
      413,
      {
        errorMessage: "Exceeded maximum allowed payload size (6291556 bytes).",
        errorType: "RequestEntityTooLarge",
      },
    ]);
    expect((await fetch(`${base}/unknown`)).status).toBe(404);
    expect(calls).toEqual([
      `response ${INVOCATION.requestId} 42`,
      "error abc Runtime.Custom {}",
      "too large abc",
    ]);
  });
});

describe("a process environment's Runtime API", () => {
  it("refuses an unknown request id (400) and an init error after init (403)", async () => {
    const lines: string[] = [];
    const environment = new ProcessEnvironment({
      functionArn: "arn:aws:lambda:eu-central-1:222222222222:function:probe",
      command: process.execPath,
      args: [join(FIXTURES_DIR, "runtime-api-probe.mjs")],
      cwd: process.cwd(),
      entrypoint: process.execPath,
      env: { PATH: process.env.PATH ?? "" },
      memoryMb: 128,
      generation: 0,
      onLines: (batch) => lines.push(...batch),
      onWarning: () => {},
      onEnded: () => {},
    });
    try {
      const outcome = await environment.run({ ...INVOCATION, payload: '"ping"' });
      expect(outcome).toEqual({ kind: "success", payload: '"ping"' });
      expect(environment.isReady).toBe(true);
      expect(JSON.parse(lines[0] ?? "{}")).toEqual({
        wrong: [400, { errorMessage: "Invalid request ID: nope", errorType: "InvalidRequestID" }],
        late: [403, { errorMessage: "State transition is not allowed", errorType: "InvalidStateTransition" }],
      });
      expect(environment.maxMemoryUsedMb).toBeGreaterThan(0);
    } finally {
      await environment.terminate("done");
    }
  });
});
