// HTTP API Lambda proxy integrations (payload format 2.0): the event the function receives, the
// response mapping (a result without statusCode is 200 JSON), the permission Lambda checks for
// apigateway.amazonaws.com with the route's SourceArn, and AWS's 500 when the function fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../http/http-types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { lambdaPlugin } from "../lambda/lambda-plugin.js";
import { apiGatewayV2Plugin } from "./apigatewayv2-plugin.js";

const ACCOUNT = "151515151515";
const stack = testStack(ACCOUNT, "Lambdas");
const HANDLER = `exports.handler = async (event) => {
  if (event.rawPath === "/plain") return { hello: "world" };
  if (event.rawPath === "/fail") throw new Error("boom");
  return { statusCode: 201, headers: { "X-Echo": "yes" }, cookies: ["a=1"], body: JSON.stringify(event) };
};`;

let world: PlatformUnderTest;
let host: string;

async function call(method: string, url: string, headers: Record<string, string[]> = {}, body = "") {
  const request: LocalRequest = {
    method,
    url,
    headers: { host: [host], "content-type": ["application/json"], cookie: ["c=3; d=4"], ...headers },
    body: Buffer.from(body),
    protocol: "https",
    source: { sourceIp: "198.51.100.10", via: ["internet"] },
  };
  const door = world.platform.frontDoors.publicDoorFor(host);
  if (door === undefined) throw new Error(`no door for ${host}`);
  const response = await door.handler(request);
  return { ...response, text: String(response.body) };
}

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, lambdaPlugin, apiGatewayV2Plugin], [stack]);
  const role = await world.create(stack, "Role", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: {
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    },
  });
  for (const name of ["echo", "locked"]) {
    await world.create(stack, name, "AWS::Lambda::Function", {
      FunctionName: name,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: String(role.attributes?.Arn),
      Code: { ZipFile: HANDLER },
    });
  }
  const api = await world.create(stack, "Api", "AWS::ApiGatewayV2::Api", {
    Name: "lambdas",
    ProtocolType: "HTTP",
  });
  host = `${api.ref}.execute-api.eu-central-1.amazonaws.com`;
  const integration = async (id: string, fn: string) =>
    (
      await world.create(stack, id, "AWS::ApiGatewayV2::Integration", {
        ApiId: api.ref,
        IntegrationType: "AWS_PROXY",
        IntegrationUri: `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:${fn}`,
        PayloadFormatVersion: "2.0",
      })
    ).ref;
  const echo = await integration("EchoIntegration", "echo");
  const locked = await integration("LockedIntegration", "locked");
  for (const [id, key, target] of [
    ["Items", "GET /items/{id}", echo],
    ["Default", "$default", echo],
    ["Locked", "GET /locked", locked],
  ] as const) {
    await world.create(stack, id, "AWS::ApiGatewayV2::Route", {
      ApiId: api.ref,
      RouteKey: key,
      Target: `integrations/${target}`,
    });
  }
  // What CDK's HttpLambdaIntegration grants: the API's routes, any stage and method.
  await world.create(stack, "Permission", "AWS::Lambda::Permission", {
    FunctionName: "echo",
    Action: "lambda:InvokeFunction",
    Principal: "apigateway.amazonaws.com",
    SourceArn: `arn:aws:execute-api:eu-central-1:${ACCOUNT}:${api.ref}/*/*`,
  });
  await world.create(stack, "Stage", "AWS::ApiGatewayV2::Stage", {
    ApiId: api.ref,
    StageName: "$default",
    AutoDeploy: true,
  });
  await world.ready();
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe("HTTP API Lambda integrations (payload 2.0)", () => {
  it("hands the function the 2.0 event and maps statusCode, headers, cookies and body", async () => {
    const answer = await call("GET", "/items/a%20b?x=1&x=2&y=3", {}, "");
    expect(answer.status).toBe(201);
    expect(answer.headers["x-echo"]).toBe("yes");
    expect(answer.headers["set-cookie"]).toEqual(["a=1"]);
    const event = JSON.parse(answer.text);
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /items/{id}",
      rawPath: "/items/a%20b",
      rawQueryString: "x=1&x=2&y=3",
      cookies: ["c=3", "d=4"],
      queryStringParameters: { x: "1,2", y: "3" },
      pathParameters: { id: "a b" },
      isBase64Encoded: false,
      requestContext: {
        accountId: ACCOUNT,
        stage: "$default",
        http: { method: "GET", path: "/items/a%20b", sourceIp: "198.51.100.10" },
      },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it("answers a result without statusCode as 200 JSON, through $default when no route matches", async () => {
    const answer = await call("POST", "/plain", {}, '{"a":1}');
    expect(answer).toMatchObject({ status: 200, text: '{"hello":"world"}' });
    expect(answer.headers["content-type"]).toBe("application/json");
  });

  it("answers 500 Internal Server Error when the function fails or Lambda refuses the call", async () => {
    expect(await call("GET", "/fail")).toMatchObject({
      status: 500,
      text: '{"message":"Internal Server Error"}',
    });
    expect(await call("GET", "/locked")).toMatchObject({
      status: 500,
      text: '{"message":"Internal Server Error"}',
    });
  });
});
