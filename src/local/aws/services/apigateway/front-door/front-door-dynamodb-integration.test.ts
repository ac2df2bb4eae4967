// A REST API → DynamoDB service integration in the shape users write (the serverless-patterns
// "apigw-dynamodb" shape): PutItem and GetItem actions behind request and response mapping
// templates, called as the integration's role on the real DynamoDB service and engine.
import { randomUUID } from "node:crypto";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executeApiHost, publicRequest, TEST_ACCOUNT, TEST_REGION } from "../rest-api.test-support.js";
import { text } from "./front-door.test-support.js";
import {
  type IntegrationUnderTest,
  integrationUnderTest,
  method,
  ROOT,
  restApi,
  roleArn,
} from "./service-integration.test-support.js";

const TABLE = `items-${randomUUID().slice(0, 8)}`;
const TABLE_ARN = `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT}:table/${TABLE}`;
const dynamodb = (action: string, role: string, extra: Record<string, unknown>) => ({
  Type: "AWS",
  IntegrationHttpMethod: "POST",
  Uri: `arn:aws:apigateway:${TEST_REGION}:dynamodb:action/${action}`,
  Credentials: roleArn(role),
  ...extra,
});

const PUT_TEMPLATE = `{"TableName": "${TABLE}", "Item": {"id": {"S": "$input.path('$.id')"}, "name": {"S": "$util.escapeJavaScript($input.path('$.name')).replaceAll("\\\\'","'")"}}}`;
const GET_TEMPLATE = `{"TableName": "${TABLE_ARN}", "Key": {"id": {"S": "$input.params('id')"}}}`;
const GET_RESPONSE = `#set($item = $input.path('$.Item'))#if($item == "")#set($context.responseOverride.status = 404){"message": "no item $input.params('id')"}#else{"id": "$item.id.S", "name": "$item.name.S"}#end`;
const CLIENT_ERROR = {
  StatusCode: "400",
  SelectionPattern: "4\\d{2}",
  ResponseTemplates: { "application/json": `{"error": $input.json('$.__type')}` },
};

function resources(options: { getRole?: string; passthrough?: string; putTemplate?: string } = {}) {
  return restApi({
    ...method(
      "Items",
      ROOT,
      "items",
      "POST",
      dynamodb("PutItem", "ItemsWriter", {
        RequestTemplates: { "application/json": options.putTemplate ?? PUT_TEMPLATE },
        ...(options.passthrough === undefined ? {} : { PassthroughBehavior: options.passthrough }),
        IntegrationResponses: [
          {
            StatusCode: "201",
            ResponseTemplates: {
              "application/json": `{"id": "$input.params('x')$util.parseJson($input.body).size()"}`,
            },
            ResponseParameters: {
              "method.response.header.Location": "'/items'",
              "method.response.header.X-Request": "context.requestId",
            },
          },
          CLIENT_ERROR,
        ],
      }),
    ),
    ...method(
      "Item",
      { Ref: "ItemsResource" },
      "{id}",
      "GET",
      dynamodb("GetItem", options.getRole ?? "ItemsReader", {
        RequestTemplates: { "application/json": GET_TEMPLATE },
        IntegrationResponses: [
          { StatusCode: "200", ResponseTemplates: { "application/json": GET_RESPONSE } },
          CLIENT_ERROR,
        ],
      }),
    ),
  });
}

const ROLES = [
  {
    name: "ItemsWriter",
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: "dynamodb:PutItem", Resource: TABLE_ARN }],
    },
  },
  {
    name: "ItemsReader",
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: "dynamodb:GetItem", Resource: TABLE_ARN }],
    },
  },
  {
    name: "Untrusted",
    trust: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow" as const,
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    },
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: "dynamodb:*", Resource: "*" }],
    },
  },
];

let api: IntegrationUnderTest;
const call = (url: string, options: Parameters<typeof publicRequest>[2] = {}) =>
  api.door.publicEndpoint(publicRequest(executeApiHost(api.apiId), url, options));

beforeAll(async () => {
  api = await integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources: resources(),
    roles: ROLES,
  });
  await api.engine.client(TEST_ACCOUNT, TEST_REGION).send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    }),
  );
});
afterAll(() => api?.close());

describe("REST API → DynamoDB with mapping templates", () => {
  it("writes through the request template and answers with the selected response, its template and parameters", async () => {
    const response = await call("/prod/items?x=a", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "i-1", name: "Ana's item" }),
    });
    expect(response.status).toBe(201);
    expect(text(response.body)).toBe('{"id": "a0"}');
    expect(response.headers).toMatchObject({
      location: "/items",
      "x-request": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "content-type": "application/json",
    });
  });

  it("reads it back by the path parameter, naming the table by ARN in the template", async () => {
    const response = await call("/prod/items/i-1");
    expect([response.status, JSON.parse(text(response.body))]).toEqual([
      200,
      { id: "i-1", name: "Ana's item" },
    ]);
  });

  it("sets the status from the response template ($context.responseOverride.status)", async () => {
    const response = await call("/prod/items/nope");
    expect([response.status, text(response.body)]).toEqual([404, '{"message": "no item nope"}']);
  });

  it("passes what escapeJavaScript makes of an apostrophe (\\') on: DynamoDB refuses the JSON, as on AWS", async () => {
    const template = PUT_TEMPLATE.replace(/\.replaceAll\([^)]*\)/, "");
    const strict = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources: resources({ putTemplate: template }),
      roles: ROLES,
    });
    try {
      const response = await strict.door.publicEndpoint(
        publicRequest(executeApiHost(strict.apiId), "/prod/items", {
          method: "POST",
          body: JSON.stringify({ id: "q", name: "it's" }),
        }),
      );
      expect([response.status, text(response.body)]).toEqual([
        400,
        '{"error": "com.amazon.coral.service#SerializationException"}',
      ]);
    } finally {
      strict.close();
    }
  });

  it("treats a request without Content-Type as application/json", async () => {
    const response = await call("/prod/items", {
      method: "POST",
      body: JSON.stringify({ id: "i-2", name: "b" }),
    });
    expect(response.status).toBe(201);
  });
});

describe("the integration's role, through the decision point", () => {
  it("fails closed when the role may not make the call: DynamoDB's AccessDeniedException selects the 4xx response", async () => {
    const denied = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources: resources({ getRole: "ItemsWriter" }),
      roles: ROLES,
    });
    try {
      const response = await denied.door.publicEndpoint(
        publicRequest(executeApiHost(denied.apiId), "/prod/items/i-1"),
      );
      expect([response.status, text(response.body)]).toEqual([
        400,
        '{"error": "com.amazon.coral.service#AccessDeniedException"}',
      ]);
    } finally {
      denied.close();
    }
  });

  it("answers 500 when API Gateway may not assume the role (its trust policy), naming it in the log", async () => {
    const untrusted = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources: resources({ getRole: "Untrusted" }),
      roles: ROLES,
    });
    try {
      const response = await untrusted.door.publicEndpoint(
        publicRequest(executeApiHost(untrusted.apiId), "/prod/items/i-1"),
      );
      expect([response.status, text(response.body)]).toEqual([500, '{"message": "Internal server error"}']);
      expect(untrusted.logs.at(-1)?.message).toContain(
        `API Gateway does not have permission to assume the provided role ${roleArn("Untrusted")}`,
      );
    } finally {
      untrusted.close();
    }
  });
});

describe("passthrough behaviour for a Content-Type without a template", () => {
  it.each([
    ["NEVER", 415, '{"message": "Unsupported Media Type"}'],
    ["WHEN_NO_TEMPLATES", 415, '{"message": "Unsupported Media Type"}'],
    ["WHEN_NO_MATCH", 400, '{"error": "com.amazon.coral.service#SerializationException"}'],
  ])("%s answers %i", async (passthrough, status, body) => {
    const under = await integrationUnderTest({
      dynamodbEndpoint: inject("dynamodbEndpoint"),
      resources: resources({ passthrough }),
      roles: ROLES,
    });
    try {
      const response = await under.door.publicEndpoint(
        publicRequest(executeApiHost(under.apiId), "/prod/items", {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "not json",
        }),
      );
      expect([response.status, text(response.body)]).toEqual([status, body]);
    } finally {
      under.close();
    }
  });
});
