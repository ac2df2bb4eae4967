// Type AWS integrations besides DynamoDB: a Lambda function behind mapping templates (non-proxy,
// errors selected by errorMessage), and the services without a local implementation (Step
// Functions), which are reported at start-up and answer AWS's 500 with the call named in the log.
import { describe, expect, inject, it } from "vitest";
import { executeApiHost, publicRequest, TEST_ACCOUNT, TEST_REGION } from "../rest-api.test-support.js";
import { permissionsFrom, text } from "./front-door.test-support.js";
import { integrationUnderTest, method, ROOT, restApi, roleArn } from "./service-integration.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`;
const lambdaUri = `arn:aws:apigateway:${TEST_REGION}:lambda:path/2015-03-31/functions/${FUNCTION}/invocations`;

const LAMBDA = restApi(
  method("Thing", ROOT, "{id}", "GET", {
    Type: "AWS",
    IntegrationHttpMethod: "POST",
    Uri: lambdaUri,
    RequestTemplates: {
      "application/json": `{"id": "$input.params('id')", "stage": "$context.stage", "limit": $input.params('limit')}`,
    },
    IntegrationResponses: [
      { StatusCode: "200", ResponseTemplates: { "application/json": `{"name": $input.json('$.name')}` } },
      {
        StatusCode: "404",
        SelectionPattern: "NotFound:.*",
        ResponseTemplates: { "application/json": `{"error": "$input.path('$.errorMessage')"}` },
      },
    ],
  }),
);

async function lambdaApi(handler: (event: Record<string, unknown>) => unknown, permitted = true) {
  return integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources: LAMBDA,
    handler,
    ...(permitted ? {} : { permissions: () => permissionsFrom({}) }),
  });
}

describe("Type AWS to a Lambda function (non-proxy)", () => {
  it("invokes the function with the rendered request template and maps its result", async () => {
    const api = await lambdaApi((event) => ({ name: `thing ${String(event.id)}` }));
    const response = await api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), "/prod/7?limit=3"),
    );
    expect([response.status, text(response.body)]).toEqual([200, '{"name": "thing 7"}']);
    expect(api.lambda.event(0)).toEqual({ id: "7", stage: "prod", limit: 3 });
    api.close();
  });

  it("selects the integration response by the function error's errorMessage", async () => {
    const api = await lambdaApi(() => {
      throw new Error("NotFound: no thing 9");
    });
    const response = await api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), "/prod/9?limit=1"),
    );
    expect([response.status, text(response.body)]).toEqual([404, '{"error": "NotFound: no thing 9"}']);
    api.close();
  });

  it("answers 500 when the function's policy does not let API Gateway invoke it", async () => {
    const api = await lambdaApi(() => ({}), false);
    const response = await api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), "/prod/1?limit=1"),
    );
    expect(response.status).toBe(500);
    expect(api.lambda.events).toEqual([]);
    expect(api.logs.at(-1)?.message).toContain("Invalid permissions on Lambda function");
    api.close();
  });

  it("answers 500 when no integration response matches and none is the default", async () => {
    const resources = restApi(
      method("Thing", ROOT, "{id}", "GET", {
        Type: "AWS",
        IntegrationHttpMethod: "POST",
        Uri: lambdaUri,
        IntegrationResponses: [{ StatusCode: "404", SelectionPattern: "NotFound:.*" }],
      }),
    );
    const api = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources,
      handler: () => ({ ok: true }),
    });
    const response = await api.door.publicEndpoint(publicRequest(executeApiHost(api.apiId), "/prod/1"));
    expect(response.status).toBe(500);
    expect(api.logs.at(-1)?.message).toContain(
      "No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200",
    );
    api.close();
  });
});

describe("Type AWS to a Lambda function, invoked asynchronously", () => {
  it("queues the event when the integration maps X-Amz-Invocation-Type 'Event', and answers before the function ends", async () => {
    let finish: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const resources = restApi(
      method("Job", ROOT, "job", "POST", {
        Type: "AWS",
        IntegrationHttpMethod: "POST",
        Uri: lambdaUri,
        RequestParameters: { "integration.request.header.X-Amz-Invocation-Type": "'Event'" },
        RequestTemplates: { "application/json": `{"jobId": "$context.requestId"}` },
        IntegrationResponses: [
          { StatusCode: "200", ResponseTemplates: { "application/json": `{"jobId": "$context.requestId"}` } },
        ],
      }),
    );
    const api = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources,
      // Ends only when the test lets it: a synchronous call could not answer first.
      handler: () => running.then(() => ({ done: true })),
    });
    const response = await api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), "/prod/job", { method: "POST", body: "{}" }),
    );
    expect(response.status).toBe(200);
    const { jobId } = JSON.parse(text(response.body)) as { jobId: string };
    expect(jobId).toBe(response.headers["x-amzn-requestid"]);
    finish();
    await expect.poll(() => api.lambda.events.length).toBe(1);
    expect(api.lambda.event(0)).toEqual({ jobId });
    api.close();
  });
});

describe("services with no local implementation", () => {
  const role = roleArn("Integration");
  // SQS and SNS have plugins now (an SNS integration on the runtime: test/apps/dynamodb-api.test.ts).
  const cases = [
    [
      "Step Functions StartExecution",
      `arn:aws:apigateway:${TEST_REGION}:states:action/StartExecution`,
      `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "arn"}`,
      "states:StartExecution",
    ],
  ] as const;

  it.each(cases)(
    "%s is reported at start-up and answers 500 naming the call",
    async (_name, uri, template, call) => {
      const api = await integrationUnderTest({
        dynamodbEndpoint: inject("dynamodbEndpoint"),
        resources: restApi(
          method("Send", ROOT, "send", "POST", {
            Type: "AWS",
            IntegrationHttpMethod: "POST",
            Uri: uri,
            Credentials: role,
            RequestTemplates: { "application/json": template },
            IntegrationResponses: [{ StatusCode: "200" }],
          }),
        ),
        roles: [
          {
            name: "Integration",
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
          },
        ],
      });
      const service = call.split(":")[0];
      expect(api.state.unsupported().map((f) => f.name)).toContain(
        `AWS::ApiGateway::Method.Integration (Type AWS, ${service})`,
      );
      const response = await api.door.publicEndpoint(
        publicRequest(executeApiHost(api.apiId), "/prod/send", { method: "POST", body: '{"a":1}' }),
      );
      expect([response.status, text(response.body)]).toEqual([500, '{"message": "Internal server error"}']);
      expect(api.logs.at(-1)?.message).toContain(`the integration's call ${call} cannot be made locally`);
      api.close();
    },
  );
});
