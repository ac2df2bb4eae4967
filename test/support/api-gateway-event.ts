// Factory for realistic API Gateway REST (v1) Lambda proxy events and Lambda contexts.
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent, Context } from "aws-lambda";

export interface EventInit {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The API resource, e.g. `/orders` or `/orders/{orderId}`. */
  resource: string;
  /** The concrete path; defaults to the resource with path parameters filled in. */
  path?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Header name -> value, or several values (sent as repeated headers). */
  headers?: Record<string, string | string[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestId?: string;
}

export function apiGatewayEvent(init: EventInit): APIGatewayProxyEvent {
  const requestId = init.requestId ?? randomUUID();
  const pathParameters = init.pathParameters ?? null;
  const path =
    init.path ??
    Object.entries(pathParameters ?? {}).reduce(
      (p, [name, value]) => p.replace(`{${name}}`, encodeURIComponent(value)),
      init.resource,
    );
  const sent: Record<string, string[]> = {
    Host: ["food.cross-account-microservices.com"],
    "User-Agent": ["curl/8.5.0"],
    Accept: ["*/*"],
    "X-Forwarded-Proto": ["https"],
    ...(init.body !== undefined && init.body !== null ? { "Content-Type": ["application/json"] } : {}),
  };
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    sent[name] = Array.isArray(value) ? value : [value];
  }
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(sent)) {
    const last = values[values.length - 1];
    if (last !== undefined) {
      headers[name] = last;
    }
  }
  const query = init.query ?? null;
  return {
    resource: init.resource,
    path,
    httpMethod: init.method,
    headers,
    multiValueHeaders: sent,
    queryStringParameters: query,
    multiValueQueryStringParameters:
      query === null ? null : Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
    pathParameters,
    stageVariables: null,
    body: init.body ?? null,
    isBase64Encoded: init.isBase64Encoded ?? false,
    requestContext: {
      accountId: "111111111111",
      apiId: "a1b2c3d4e5",
      authorizer: null,
      domainName: "food.cross-account-microservices.com",
      domainPrefix: "food",
      extendedRequestId: `${requestId.slice(0, 8)}=`,
      httpMethod: init.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: "192.168.2.15",
        user: null,
        userAgent: "curl/8.5.0",
        userArn: null,
        vpceId: "vpce-0123456789abcdef0",
        vpcId: "vpc-0123456789abcdef0",
      },
      path: `/v1${path}`,
      protocol: "HTTP/1.1",
      requestId,
      requestTime: "22/Nov/2026:10:11:12 +0000",
      requestTimeEpoch: Date.parse("2026-11-22T10:11:12Z"),
      resourceId: "abc123",
      resourcePath: init.resource,
      stage: "v1",
    },
  };
}

export function lambdaContext(functionName = "cross-account-microservices-food-post-order"): Context {
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:111111111111:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/11/22/[$LATEST]0123456789abcdef0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
