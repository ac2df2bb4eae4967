import { describe, expect, it } from "vitest";
import type { LocalRequest, LocalResponse } from "./http-types.js";
import { pipeline, type ServerErrorEntry } from "./pipeline.js";

interface Exchange {
  readonly request: LocalRequest;
  readonly id: string;
  seen: string[];
}

const request: LocalRequest = {
  method: "GET",
  url: "/",
  headers: {},
  body: Buffer.alloc(0),
  protocol: "http",
  source: { sourceIp: "10.0.0.1", via: [] },
};
const ok = (body: string): LocalResponse => ({ status: 200, headers: {}, body });

class DoorError extends Error {
  constructor(readonly status: number) {
    super(`door error ${status}`);
  }
}

function door(
  steps: Array<[string, (x: Exchange) => LocalResponse | undefined | Promise<LocalResponse | undefined>]>,
) {
  const errors: ServerErrorEntry[] = [];
  let last: Exchange | undefined;
  const handler = pipeline<Exchange>({
    door: () => "Test door",
    begin: (r) => {
      last = { request: r, id: "req-1", seen: [] };
      return last;
    },
    steps: steps.map(([name, run]) => ({
      name,
      run: (x: Exchange) => {
        x.seen.push(name);
        return run(x);
      },
    })),
    finish: (response) => ({ ...response, headers: { ...response.headers, "x-request-id": "req-1" } }),
    fail: (error) => ({
      status: error instanceof DoorError ? error.status : 500,
      headers: {},
      body: "failed",
    }),
    requestId: (x) => x.id,
    onServerError: (entry) => errors.push(entry),
  });
  return { handler, errors, seen: () => last?.seen ?? [] };
}

describe("pipeline", () => {
  it("runs the steps in order until one answers, then finishes the response", async () => {
    const { handler, errors, seen } = door([
      ["first", () => undefined],
      ["second", () => ok("from second")],
      ["third", () => ok("never")],
    ]);
    const response = await handler(request);
    expect(response).toEqual({ status: 200, headers: { "x-request-id": "req-1" }, body: "from second" });
    expect(seen()).toEqual(["first", "second"]);
    expect(errors).toEqual([]);
  });

  it("turns a failure into the door's response and reports a 5xx with the step, request id and cause", async () => {
    const { handler, errors, seen } = door([
      ["resolve", () => undefined],
      [
        "integrate",
        async () => {
          throw new TypeError("boom");
        },
      ],
    ]);
    const response = await handler(request);
    expect(response.status).toBe(500);
    expect(response.headers).toEqual({ "x-request-id": "req-1" });
    expect(seen()).toEqual(["resolve", "integrate"]);
    expect(errors).toEqual([
      { door: "Test door", step: "integrate", requestId: "req-1", status: 500, cause: "TypeError: boom" },
    ]);
  });

  it("does not report a 4xx failure, nor a 5xx a step passes through from upstream", async () => {
    const denied = door([["authorize", () => Promise.reject(new DoorError(403))]]);
    expect((await denied.handler(request)).status).toBe(403);
    expect(denied.errors).toEqual([]);
    const upstream = door([["forward", () => ({ status: 502, headers: {}, body: "upstream" })]]);
    expect((await upstream.handler(request)).body).toBe("upstream");
    expect(upstream.errors).toEqual([]);
  });

  it("reports a door whose steps never answer as a 5xx of the respond step", async () => {
    const { handler, errors } = door([["only", () => undefined]]);
    expect((await handler(request)).status).toBe(500);
    expect(errors[0]).toMatchObject({
      step: "respond",
      cause: "Error: no step of Test door produced a response",
    });
  });
});
