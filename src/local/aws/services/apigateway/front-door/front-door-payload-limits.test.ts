// Lambda's synchronous payload limits as a REST API's client meets them: an event over 6 MiB is
// refused by Lambda before the function runs (413), a response over 6 MiB + 100 bytes is a function
// error (502), and just under both limits everything passes.
import { describe, expect, it } from "vitest";
import { MAX_SYNC_REQUEST_BYTES, MAX_SYNC_RESPONSE_BYTES } from "../../lambda/invoke.js";
import {
  buildApi,
  executeApiHost,
  lambdaProxy,
  proxyApiResources,
  publicRequest,
  TEST_ACCOUNT,
  TEST_REGION,
} from "../rest-api.test-support.js";
import { createApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import type { GatewayLogEntry } from "./deps.js";
import {
  FunctionHost,
  NOW,
  permissionsFrom,
  RecordingAuthorizer,
  RecordingAwsClient,
  text,
} from "./front-door.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:big`;

async function apiWith(handler: (event: Record<string, unknown>) => unknown) {
  const { state, apiId } = await buildApi(proxyApiResources(lambdaProxy(FUNCTION)));
  const lambda = new FunctionHost(handler);
  const aws = new RecordingAwsClient(
    lambda,
    permissionsFrom({ [FUNCTION]: [`arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/*`] }),
  );
  const logs: GatewayLogEntry[] = [];
  const door = createApiGatewayFrontDoor(state, {
    authorizer: new RecordingAuthorizer(),
    aws,
    clock: () => NOW,
    log: (entry) => logs.push(entry),
  });
  const post = (body: string) =>
    door.publicEndpoint(
      publicRequest(executeApiHost(apiId), "/prod/upload", {
        method: "POST",
        body,
        headers: { "content-type": "text/plain" },
      }),
    );
  return { lambda, logs, post };
}

describe("Lambda's 6 MB synchronous limits behind a REST API", () => {
  it("answers 413 Request Too Long without running the function when the event is over 6 MiB", async () => {
    const { lambda, logs, post } = await apiWith(() => ({ statusCode: 200, body: "ran" }));
    const response = await post("x".repeat(MAX_SYNC_REQUEST_BYTES));
    expect([response.status, text(response.body)]).toEqual([413, '{"message":"Request Too Long"}']);
    expect(lambda.events).toEqual([]);
    expect(logs.at(-1)?.message).toContain("Request must be smaller than 6291456 bytes");
  });

  it("runs the function when the whole event stays under 6 MiB", async () => {
    const { lambda, post } = await apiWith(() => ({ statusCode: 200, body: "ran" }));
    const response = await post("x".repeat(MAX_SYNC_REQUEST_BYTES - 4096));
    expect([response.status, text(response.body)]).toEqual([200, "ran"]);
    expect(lambda.events).toHaveLength(1);
  });

  it("answers 502 when the function's response is over 6 MiB + 100 bytes, naming Lambda's error in the log", async () => {
    const { logs, post } = await apiWith(() => ({
      statusCode: 200,
      body: "y".repeat(MAX_SYNC_RESPONSE_BYTES),
    }));
    const response = await post("small");
    expect([response.status, text(response.body)]).toEqual([502, '{"message": "Internal server error"}']);
    expect(logs.at(-1)?.message).toContain(
      "Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (6291556 bytes).",
    );
  });

  it("passes a response just under the limit", async () => {
    // The proxy response object around the body takes the remaining bytes.
    const { post } = await apiWith(() => ({
      statusCode: 200,
      body: "y".repeat(MAX_SYNC_RESPONSE_BYTES - 64),
    }));
    const response = await post("small");
    expect(response.status).toBe(200);
    expect(text(response.body)).toHaveLength(MAX_SYNC_RESPONSE_BYTES - 64);
  });
});
