// The call behind a Type AWS integration, through the front door over real parts (the decision point,
// DynamoDB's service on the test engine, Lambda's Invoke): what the endpoint answers (status, headers,
// body, the value selection patterns match), how a Lambda function is invoked (invocation type, client
// context, API Gateway's SourceArn), JSON and query protocol bodies, and the calls that cannot be made.
import { describe, expect, inject, it } from "vitest";
import { executeApiHost, publicRequest, TEST_ACCOUNT, TEST_REGION } from "../rest-api.test-support.js";
import { permissionsFrom, text } from "./front-door.test-support.js";
import { integrationUnderTest, method, ROOT, restApi, roleArn } from "./service-integration.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`;
const LAMBDA_URI = `arn:aws:apigateway:${TEST_REGION}:lambda:path/2015-03-31/functions/${FUNCTION}/invocations`;
const ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*" }] };
/** Response parameters that show the endpoint's Content-Type. */
const SHOW_TYPE = { "method.response.header.X-Endpoint-Type": "integration.response.header.Content-Type" };

async function serve(
  integration: Record<string, unknown>,
  request: Parameters<typeof publicRequest>[2] = {},
  options: { handler?: (event: Record<string, unknown>) => unknown; denied?: boolean } = {},
) {
  const api = await integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources: restApi(
      method("Thing", ROOT, "{id}", "POST", { IntegrationHttpMethod: "POST", ...integration }),
    ),
    roles: [{ name: "Integration", policy: ALL }],
    ...(options.handler === undefined ? {} : { handler: options.handler }),
    ...(options.denied === true ? { permissions: () => permissionsFrom({}) } : {}),
  });
  try {
    const response = await api.door.publicEndpoint(
      publicRequest(executeApiHost(api.apiId), "/prod/7", { method: "POST", ...request }),
    );
    return {
      status: response.status,
      body: text(response.body),
      headers: response.headers,
      log: api.logs.at(-1)?.message ?? "",
      events: api.lambda.events.length,
      apiId: api.apiId,
    };
  } finally {
    api.close();
  }
}

// "Set up a Lambda custom integration": errorMessage is what selection patterns match, a function's
// successful result never is; "Set up asynchronous invocation of the backend Lambda function"
// (X-Amz-Invocation-Type): https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
describe("Type AWS to a Lambda function", () => {
  const lambda = (extra: Record<string, unknown>) => ({
    Type: "AWS",
    Uri: LAMBDA_URI,
    IntegrationResponses: [
      { StatusCode: "200", ResponseParameters: SHOW_TYPE },
      { StatusCode: "500", SelectionPattern: ".+" },
    ],
    ...extra,
  });

  it("selects the default response for a result, even one with an errorMessage field; Lambda's Content-Type", async () => {
    const answer = await serve(lambda({}), { body: "{}" }, { handler: () => ({ errorMessage: "NotFound" }) });
    expect([answer.status, answer.body, answer.headers["x-endpoint-type"]]).toEqual([
      200,
      '{"errorMessage":"NotFound"}',
      "application/json",
    ]);
  });

  it.each(["Event", "DryRun"])(
    "answers the default response with an empty body for InvocationType %s",
    async (type) => {
      const answer = await serve(
        lambda({ RequestParameters: { "integration.request.header.X-Amz-Invocation-Type": `'${type}'` } }),
        { body: "{}" },
      );
      expect([answer.status, answer.body]).toEqual([200, ""]);
      expect(answer.events).toBe(type === "Event" ? 1 : 0);
    },
  );

  it("passes X-Amz-Client-Context to Invoke, which refuses one that is no base64 JSON object (500)", async () => {
    const answer = await serve(
      lambda({ RequestParameters: { "integration.request.header.X-Amz-Client-Context": "'bm90IGpzb24='" } }),
      { body: "{}" },
    );
    expect([answer.status, answer.events]).toEqual([500, 0]);
    expect(answer.log).toContain("Client context must be a valid Base64-encoded JSON object.");
  });

  it("names API Gateway's SourceArn in the log when the function's policy refuses it", async () => {
    const answer = await serve(lambda({}), { body: "{}" }, { denied: true });
    expect(answer.status).toBe(500);
    expect(answer.log).toContain(
      `(no lambda:InvokeFunction for apigateway.amazonaws.com with SourceArn arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${answer.apiId}/prod/POST/*)`,
    );
  });
});

// Selection patterns of AWS service back ends match the HTTP status code (API_IntegrationResponse):
// https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html
describe("Type AWS to DynamoDB", () => {
  const dynamodb = (action: string, extra: Record<string, unknown> = {}) => ({
    Type: "AWS",
    Uri: `arn:aws:apigateway:${TEST_REGION}:dynamodb:action/${action}`,
    Credentials: roleArn("Integration"),
    IntegrationResponses: [
      { StatusCode: "201", SelectionPattern: "2\\d{2}", ResponseParameters: SHOW_TYPE },
      { StatusCode: "400", SelectionPattern: "4\\d{2}", ResponseParameters: SHOW_TYPE },
      { StatusCode: "500" },
    ],
    ...extra,
  });

  it("answers the output with status 200 (what patterns match) and DynamoDB's Content-Type", async () => {
    const answer = await serve(dynamodb("ListTables"), { body: '{"Limit": 1}' });
    expect([answer.status, answer.headers["x-endpoint-type"]]).toEqual([201, "application/x-amz-json-1.0"]);
    expect(Object.keys(JSON.parse(answer.body) as object)).not.toContain("$metadata");
  });

  it("answers DynamoDB's error as its JSON protocol does: status, __type in its namespace, message", async () => {
    const answer = await serve(dynamodb("GetItem"), {
      body: JSON.stringify({ TableName: "no-such-table", Key: { id: { S: "1" } } }),
    });
    expect([answer.status, answer.headers["x-endpoint-type"]]).toEqual([400, "application/x-amz-json-1.0"]);
    expect(JSON.parse(answer.body)).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      message: expect.any(String),
    });
  });

  it("answers a body that is no JSON object as DynamoDB does: 400 SerializationException", async () => {
    const answer = await serve(dynamodb("GetItem"), { body: "[1]" });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      400,
      {
        __type: "com.amazon.coral.service#SerializationException",
        Message: "Start of structure or map found where not expected.",
      },
    ]);
    for (const body of ["null", "5", '"text"', "{not json"]) {
      const other = await serve(dynamodb("GetItem"), { body });
      expect([body, other.status, (JSON.parse(other.body) as { __type: string }).__type]).toEqual([
        body,
        400,
        "com.amazon.coral.service#SerializationException",
      ]);
    }
  });

  it("answers 500 without Credentials: API Gateway has no identity of its own to call DynamoDB with", async () => {
    const answer = await serve(dynamodb("ListTables", { Credentials: undefined }), { body: "{}" });
    expect([answer.status, answer.log]).toEqual([
      500,
      expect.stringContaining(
        "Execution failed due to configuration error: the integration has no Credentials, so API Gateway has no identity to call dynamodb with",
      ),
    ]);
  });
});

describe("a path Uri of a query-protocol service", () => {
  const sqs = (extra: Record<string, unknown> = {}) => ({
    Type: "AWS",
    Uri: `arn:aws:apigateway:${TEST_REGION}:sqs:path/${TEST_ACCOUNT}/queue`,
    Credentials: roleArn("Integration"),
    IntegrationResponses: [{ StatusCode: "200" }],
    ...extra,
  });
  const form = { headers: { "content-type": "application/x-www-form-urlencoded" } };
  const notLocal = (call: string, operation: string) =>
    `Execution failed: the integration's call ${call} cannot be made locally: accountmesh does not implement sqs:${operation} in-process`;

  it("takes the action from the mapped Action query parameter", async () => {
    const answer = await serve(
      sqs({ RequestParameters: { "integration.request.querystring.Action": "'SendMessage'" } }),
      { ...form, body: "MessageBody=hi" },
    );
    expect([answer.status, answer.log]).toEqual([
      500,
      expect.stringContaining(notLocal("sqs:SendMessage", "SendMessage")),
    ]);
  });

  it("else from the form body's Action, the body read as form parameters", async () => {
    const answer = await serve(sqs(), { ...form, body: "Action=SendMessage&MessageBody=hi" });
    expect([answer.status, answer.log]).toEqual([
      500,
      expect.stringContaining(notLocal("sqs:SendMessage", "SendMessage")),
    ]);
  });

  it("else names the path it was given", async () => {
    const answer = await serve(sqs(), { ...form, body: "MessageBody=hi" });
    expect([answer.status, answer.log]).toEqual([
      500,
      expect.stringContaining(notLocal(`sqs:path/${TEST_ACCOUNT}/queue`, "")),
    ]);
  });
});
