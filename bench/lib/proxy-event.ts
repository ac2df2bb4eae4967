// The API Gateway proxy event and context a reference server hands to a handler in-process: the
// same shape the runtime's API Gateway builds, without any of its steps.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface ProxyResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string | number | boolean>>;
  readonly body?: string;
}

export type ProxyHandler = (event: unknown, context: unknown) => Promise<ProxyResult>;

export function proxyEvent(req: IncomingMessage, resourcePath: string, body: string): unknown {
  const url = new URL(req.url ?? "/", "https://localhost");
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(",");
    multiValueHeaders[name] = values;
  }
  const query = url.searchParams.size === 0 ? null : Object.fromEntries(url.searchParams);
  const requestId = randomUUID();
  return {
    resource: resourcePath,
    path: resourcePath,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters:
      query === null
        ? null
        : Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])),
    pathParameters: null,
    stageVariables: null,
    requestContext: { requestId, stage: "v1", httpMethod: req.method, resourcePath, path: url.pathname },
    body: body === "" ? null : body,
    isBase64Encoded: false,
  };
}

export function lambdaContext(functionName: string): unknown {
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:222222222222:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "bench",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
