import { describe, expect, it } from "vitest";
import type { ServerErrorEntry } from "../../../../http/pipeline.js";
import type { InvokeResult } from "../../../../lambda/types.js";
import type { InvokeHost } from "../../lambda/invoke.js";
import { frontDoorUnderTest, permissionsFrom, testFunctionSpec, text } from "./front-door.test-support.js";
import { ACCOUNT, FUNCTIONS, REGION, request } from "./orders-api.test-support.js";

const INTERNAL = '{"message": "Internal server error"}';

/** An extra method of the orders API on /orders, without authorization, with this integration. */
function method(
  httpMethod: string,
  integration: Record<string, unknown>,
): readonly [string, Record<string, unknown>] {
  return [
    `Orders${httpMethod}`,
    { HttpMethod: httpMethod, AuthorizationType: "NONE", Integration: integration },
  ];
}

describe("integrate: the Lambda permission", () => {
  it("asks for apigateway.amazonaws.com with the method's SourceArn, path parameters as *", async () => {
    const { door, aws, apiId } = await frontDoorUnderTest();
    await door.privateEndpoint(request("/v1/orders/abc"));
    expect(aws.invocations()).toEqual([
      {
        functionArn: FUNCTIONS.getOrder,
        principal: "apigateway.amazonaws.com",
        sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/GET/orders/*`,
        sourceAccount: ACCOUNT,
      },
    ]);
  });

  it("answers 500 Internal server error without invoking when the function policy does not allow it", async () => {
    const { door, lambda, logs } = await frontDoorUnderTest({ permissionsFor: () => permissionsFrom({}) });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect([response.status, text(response.body)]).toEqual([500, INTERNAL]);
    expect(response.headers["x-amzn-errortype"]).toBe("InternalServerErrorException");
    expect(lambda.events).toEqual([]);
    expect(logs[0]?.message).toContain("Invalid permissions on Lambda function");
  });
});

describe("the operator's report of a 5xx the gateway produced itself", () => {
  it("names the door with the API id, the failing step, the request id and the execution-log cause", async () => {
    const reports: ServerErrorEntry[] = [];
    const { door, apiId } = await frontDoorUnderTest({
      permissionsFor: () => permissionsFrom({}),
      overrides: { onServerError: (entry) => reports.push(entry) },
    });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect(response.status).toBe(500);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      door: `API Gateway ${apiId}`,
      step: "integrate",
      requestId: response.headers["x-amzn-requestid"],
      status: 500,
    });
    expect(reports[0]?.cause).toMatch(
      /^Execution failed due to configuration error: Invalid permissions on Lambda function /,
    );
  });

  it("describes a crash that is no gateway error by its name and message, and reports no 4xx", async () => {
    const reports: ServerErrorEntry[] = [];
    const { door } = await frontDoorUnderTest({
      overrides: {
        onServerError: (entry) => reports.push(entry),
        authorizer: {
          authorize: () => {
            throw new TypeError("engine down");
          },
        },
      },
    });
    expect((await door.privateEndpoint(request("/v9/orders"))).status).toBe(403);
    expect(reports).toEqual([]);
    await door.privateEndpoint(request("/v1/orders"));
    expect(reports.map(({ step, cause }) => [step, cause])).toEqual([
      ["authorizeRequest", "TypeError: engine down"],
    ]);
  });
});

describe("mapResponse", () => {
  it("returns statusCode, headers merged with multiValueHeaders, and body", async () => {
    const { door } = await frontDoorUnderTest({
      handler: () => ({
        statusCode: "201",
        headers: { "Content-Type": "text/plain", "X-Next-Token": "abc", "X-Cached": false },
        multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"], "X-Next-Token": ["def"] },
        body: "created",
      }),
    });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect(response.status).toBe(201);
    expect(response.body).toBe("created");
    expect(response.headers).toMatchObject({
      "content-type": "text/plain",
      "x-cached": "false",
      "set-cookie": ["a=1", "b=2"],
      "x-next-token": ["abc", "def"],
    });
  });

  it("defaults to 200, application/json and an empty body", async () => {
    const { door } = await frontDoorUnderTest({ handler: () => ({}) });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect([response.status, response.headers["content-type"], response.body]).toEqual([
      200,
      "application/json",
      "",
    ]);
  });

  it("decodes isBase64Encoded bodies only when Accept names a binary media type of the API", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const { door } = await frontDoorUnderTest({
      binaryMediaTypes: ["image/*"],
      handler: () => ({
        statusCode: 200,
        headers: { "content-type": "image/png" },
        body: png.toString("base64"),
        isBase64Encoded: true,
      }),
    });
    const binary = await door.privateEndpoint(request("/v1/orders", { headers: { accept: "image/png" } }));
    expect(Buffer.isBuffer(binary.body) && binary.body.equals(png)).toBe(true);
    const textual = await door.privateEndpoint(
      request("/v1/orders", { headers: { accept: "application/json" } }),
    );
    expect(textual.body).toBe(png.toString("base64"));
  });

  it("answers 502 for a statusCode that is no number or digit string, and for a payload that is a list", async () => {
    for (const payload of [{ statusCode: [201] }, { statusCode: true }, [{ statusCode: 200 }]]) {
      const { door } = await frontDoorUnderTest({ handler: () => payload });
      const response = await door.privateEndpoint(request("/v1/orders"));
      expect([JSON.stringify(payload), response.status]).toEqual([JSON.stringify(payload), 502]);
    }
  });

  it("answers 502 Internal server error for a malformed proxy response", async () => {
    const outputs: unknown[] = [
      { statusCode: 200, body: { order: 1 } },
      { statusCode: 200, body: "x", cookies: ["a=1"] },
      { statusCode: 200, headers: ["x"] },
      { statusCode: 200, headers: { "X-Count": 3 } },
      { statusCode: "OK" },
      null,
      "just a string",
      [1, 2],
    ];
    for (const output of outputs) {
      const { door } = await frontDoorUnderTest({ handler: () => output });
      const response = await door.privateEndpoint(request("/v1/orders"));
      expect([output, response.status, text(response.body)]).toEqual([output, 502, INTERNAL]);
    }
  });
});

describe("function errors and timeouts", () => {
  it("answers 502 for a function error and never shows its message or stack", async () => {
    const { door, logs } = await frontDoorUnderTest({
      handler: () => {
        throw new TypeError(
          "Cannot read properties of undefined (reading 'orderDate') at /var/task/index.js:1:2",
        );
      },
    });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect([response.status, text(response.body)]).toEqual([502, INTERNAL]);
    expect(logs[0]?.message).toMatch(
      /^INTEGRATION_FAILURE 502: Lambda execution failed with status 200 due to customer function error: TypeError: Cannot read properties of undefined \(reading 'orderDate'\) at \/var\/task\/index\.js:1:2\. Lambda request id: [0-9a-f-]{36}$/,
    );
  });

  function invoker(result: (requestId: string) => Promise<InvokeResult<string>>): InvokeHost {
    return {
      spec: testFunctionSpec,
      invokeJson: (_arn, _payload, options) => result(options?.requestId ?? ""),
    };
  }

  it("answers 502 when the function itself times out and 500 when Lambda throttles", async () => {
    const timedOut = await frontDoorUnderTest({
      host: invoker(async (requestId) => ({ kind: "timeout", requestId, durationMs: 10_000 })),
    });
    expect((await timedOut.door.privateEndpoint(request("/v1/orders"))).status).toBe(502);
    expect(timedOut.logs[0]?.message).toMatch(
      /customer function error: Task timed out\. Lambda request id: /,
    );
    const throttled = await frontDoorUnderTest({
      host: invoker(async (requestId) => ({ kind: "throttled", requestId })),
    });
    const response = await throttled.door.privateEndpoint(request("/v1/orders"));
    expect([response.status, text(response.body)]).toEqual([500, INTERNAL]);
  });

  it("answers 500 without invoking when a Lambda proxy integration's IntegrationHttpMethod is not POST", async () => {
    const { door, lambda, logs } = await frontDoorUnderTest({
      extraMethods: [
        method("PUT", {
          Type: "AWS_PROXY",
          IntegrationHttpMethod: "GET",
          Uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTIONS.placeOrder}/invocations`,
        }),
      ],
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([500, INTERNAL]);
    expect(lambda.events).toEqual([]);
    expect(logs[0]?.message).toBe(
      "API_CONFIGURATION_ERROR 500: Execution failed due to configuration error: AWS_PROXY to Lambda needs IntegrationHttpMethod POST, not GET",
    );
  });

  it("answers 500 for an integration type that does not run locally, reported by name at start-up", async () => {
    const { door, logs, state } = await frontDoorUnderTest({
      extraMethods: [
        method("PUT", {
          Type: "HTTP_PROXY",
          IntegrationHttpMethod: "PUT",
          Uri: "https://example.org/orders",
        }),
      ],
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([500, INTERNAL]);
    expect(logs[0]?.message).toBe(
      'API_CONFIGURATION_ERROR 500: integration not supported locally: integration type "HTTP_PROXY" (AWS_PROXY to Lambda, AWS service integrations and MOCK run locally)',
    );
    expect(state.unsupported().map((feature) => feature.name)).toContain(
      "AWS::ApiGateway::Method.Integration.Type=HTTP_PROXY",
    );
  });

  it("answers 504 Endpoint request timed out when the integration timeout passes", async () => {
    const { door } = await frontDoorUnderTest({
      timeoutInMillis: 20,
      host: invoker(() => new Promise<InvokeResult<string>>(() => undefined)),
    });
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect([response.status, text(response.body)]).toEqual([
      504,
      '{"message": "Endpoint request timed out"}',
    ]);
    expect(response.headers["x-amzn-requestid"]).toBeDefined();
  });

  it("turns a crash of a dependency into 500 without leaking it", async () => {
    const crash = new Error("secret internal detail");
    const failingLambda = await frontDoorUnderTest({
      host: invoker(() => Promise.reject(crash)),
    });
    const failingAuthorizer = await frontDoorUnderTest({
      overrides: {
        authorizer: {
          authorize: () => {
            throw crash;
          },
        },
      },
    });
    for (const { door } of [failingLambda, failingAuthorizer]) {
      const response = await door.privateEndpoint(request("/v1/orders"));
      expect([response.status, text(response.body)]).toEqual([500, INTERNAL]);
      expect(text(response.body)).not.toContain("secret");
    }
  });
});

describe("MOCK integrations", () => {
  it("answer with the static integration response the request template's status code selects", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      extraMethods: [
        method("OPTIONS", {
          Type: "MOCK",
          RequestTemplates: { "application/json": '{"statusCode": 200}' },
          IntegrationResponses: [
            { StatusCode: "500", SelectionPattern: "5\\d{2}" },
            {
              StatusCode: "204",
              ResponseParameters: { "method.response.header.Access-Control-Allow-Methods": "'GET,POST'" },
            },
          ],
        }),
      ],
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "OPTIONS" }));
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-methods"]).toBe("GET,POST");
    expect(lambda.events).toEqual([]);
  });

  it.each([
    ['{"statusCode": 503}', 503],
    ['{"statusCode":503}', 503],
    ['{"statusCode": "503"}', 503],
    ["{ statusCode: 503 }", 503],
    ["{}", 200],
  ])("select by the status code the request template %s renders (%i)", async (template, status) => {
    const { door } = await frontDoorUnderTest({
      extraMethods: [
        method("OPTIONS", {
          Type: "MOCK",
          RequestTemplates: { "application/json": template },
          IntegrationResponses: [{ StatusCode: "503", SelectionPattern: "5\\d{2}" }, { StatusCode: "200" }],
        }),
      ],
    });
    expect((await door.privateEndpoint(request("/v1/orders", { method: "OPTIONS" }))).status).toBe(status);
  });

  it("run CDK's CORS preflight as synthesized: the allowed origin chosen by the response template's override", async () => {
    const template =
      '#set($origin = $input.params().header.get("Origin"))\n#if($origin == "")\n  #set($origin = $input.params().header.get("origin"))\n#end\n#if($origin == "https://b.example")\n  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end';
    const { door } = await frontDoorUnderTest({
      extraMethods: [
        method("OPTIONS", {
          Type: "MOCK",
          RequestTemplates: { "application/json": "{ statusCode: 200 }" },
          IntegrationResponses: [
            {
              StatusCode: "204",
              ResponseParameters: {
                "method.response.header.Access-Control-Allow-Origin": "'https://a.example'",
                "method.response.header.Vary": "'Origin'",
              },
              ResponseTemplates: { "application/json": template },
            },
          ],
        }),
      ],
    });
    const preflight = (origin: string) =>
      door.privateEndpoint(request("/v1/orders", { method: "OPTIONS", headers: { origin } }));
    const b = await preflight("https://b.example");
    expect([b.status, b.headers["access-control-allow-origin"], b.headers.vary]).toEqual([
      204,
      "https://b.example",
      "Origin",
    ]);
    const other = await preflight("https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBe("https://a.example");
  });

  it("render response templates with $context and answer the status the request template names", async () => {
    const { door } = await frontDoorUnderTest({
      extraMethods: [
        method("PATCH", {
          Type: "MOCK",
          RequestTemplates: { "application/json": "{\"statusCode\": $input.params('code')}" },
          IntegrationResponses: [
            {
              StatusCode: "200",
              ResponseTemplates: {
                "application/json":
                  '{"stage": "$context.stage", "ip": "$context.identity.sourceIp", "body": $input.body}',
              },
            },
            { StatusCode: "418", SelectionPattern: "418", ResponseTemplates: { "text/plain": "teapot" } },
          ],
        }),
      ],
    });
    const ok = await door.privateEndpoint(request("/v1/orders?code=200", { method: "PATCH" }));
    expect([ok.status, text(ok.body)]).toEqual([200, '{"stage": "v1", "ip": "192.168.2.17", "body": {}}']);
    const teapot = await door.privateEndpoint(request("/v1/orders?code=418", { method: "PATCH" }));
    expect([teapot.status, text(teapot.body), teapot.headers["content-type"]]).toEqual([
      418,
      "teapot",
      "text/plain",
    ]);
  });
});
