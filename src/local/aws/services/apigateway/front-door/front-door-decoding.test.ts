// How a REST API decodes what the client sent, each rule from a public report or an AWS-recorded
// event (LocalStack's snapshot tests record the real service: test_lambda_aws_proxy_integration):
// the query string is form-decoded (`+` is a space, `%2B` a plus), path parameters and `path` stay
// as received, slashes before the stage and between the stage and the path are collapsed.
import { describe, expect, it } from "vitest";
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
import {
  FunctionHost,
  NOW,
  permissionsFrom,
  RecordingAuthorizer,
  RecordingAwsClient,
} from "./front-door.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:echo`;

async function echoApi() {
  const { state, apiId } = await buildApi(proxyApiResources(lambdaProxy(FUNCTION)));
  const lambda = new FunctionHost(() => ({ statusCode: 200, body: "ok" }));
  const aws = new RecordingAwsClient(
    lambda,
    permissionsFrom({ [FUNCTION]: [`arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/*`] }),
  );
  const door = createApiGatewayFrontDoor(state, {
    authorizer: new RecordingAuthorizer(),
    aws,
    clock: () => NOW,
  });
  const host = executeApiHost(apiId);
  return {
    lambda,
    async call(url: string) {
      const response = await door.publicEndpoint(publicRequest(host, url));
      expect(response.status).toBe(200);
      return lambda.event(lambda.events.length - 1);
    },
  };
}

describe("decoding the query string (aws-cdk #19827, AWS-recorded events)", () => {
  it("decodes + as a space and %2B as a plus, in names and values, single and multi-value", async () => {
    const { call } = await echoApi();
    const event = await call(
      "/prod/items/1?plus=test+alias@gmail.com&email=test%2Balias@gmail.com&sort=-+createdAt&a+b=1",
    );
    expect(event.queryStringParameters).toEqual({
      plus: "test alias@gmail.com",
      email: "test+alias@gmail.com",
      sort: "- createdAt",
      "a b": "1",
    });
    expect(event.multiValueQueryStringParameters?.plus).toEqual(["test alias@gmail.com"]);
  });

  it("keeps the last value in queryStringParameters and every value in order in the multi-value map", async () => {
    const { call } = await echoApi();
    const event = await call("/prod/items/1?category=electronics&category=books&price=10&price=20&price=30");
    expect(event.queryStringParameters).toEqual({ category: "books", price: "30" });
    expect(event.multiValueQueryStringParameters).toEqual({
      category: ["electronics", "books"],
      price: ["10", "20", "30"],
    });
  });

  it("decodes %20, reserved characters and UTF-8, and keeps a malformed escape as sent", async () => {
    const { call } = await echoApi();
    const event = await call(
      "/prod/items/1?whitespace=foo%20bar&url=https%3A%2F%2Fexample.com%2F&name=Jos%C3%A9&bad=100%zz",
    );
    expect(event.queryStringParameters).toEqual({
      whitespace: "foo bar",
      url: "https://example.com/",
      name: "José",
      bad: "100%zz",
    });
  });
});

describe("the path as received", () => {
  it("passes path parameters and path without decoding: %2B and + stay as sent", async () => {
    const { call } = await echoApi();
    const event = await call("/prod/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com");
    expect(event.resource).toBe("/{proxy+}");
    expect(event.path).toBe("/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com");
    expect(event.pathParameters).toEqual({
      proxy: "api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com",
    });
  });

  it("routes an encoded slash (%2F) as part of one path segment and passes it encoded", async () => {
    const { call } = await echoApi();
    const event = await call("/prod/items/a%2Fb");
    expect(event.resource).toBe("/items/{id}");
    expect(event.pathParameters).toEqual({ id: "a%2Fb" });
  });

  it("keeps a trailing slash in path but not in the greedy parameter", async () => {
    const { call } = await echoApi();
    const event = await call("/prod/proxy-value/");
    expect([event.path, event.pathParameters]).toEqual(["/proxy-value/", { proxy: "proxy-value" }]);
  });

  it("keeps a double slash inside the path, in path and in the greedy parameter", async () => {
    const { call } = await echoApi();
    const event = await call("/prod/proxy-value//double-slash");
    expect([event.path, event.pathParameters]).toEqual([
      "/proxy-value//double-slash",
      { proxy: "proxy-value//double-slash" },
    ]);
  });
});

describe("// after (and before) the stage routes as on AWS (localstack #11253)", () => {
  it("routes /prod//items/1 to /items/{id}, with path /items/1 and requestContext.path /prod//items/1", async () => {
    const { call } = await echoApi();
    const event = await call("/prod//items/1");
    expect([event.resource, event.path, event.pathParameters]).toEqual([
      "/items/{id}",
      "/items/1",
      { id: "1" },
    ]);
    expect(event.requestContext.path).toBe("/prod//items/1");
  });

  it("routes //prod/items/1 as /prod/items/1", async () => {
    const { call } = await echoApi();
    const event = await call("//prod/items/1");
    expect([event.resource, event.path, event.requestContext.path]).toEqual([
      "/items/{id}",
      "/items/1",
      "/prod/items/1",
    ]);
  });

  it("routes /prod///proxy-value to the greedy resource with path /proxy-value", async () => {
    const { call } = await echoApi();
    const event = await call("/prod///proxy-value");
    expect([event.path, event.pathParameters]).toEqual(["/proxy-value", { proxy: "proxy-value" }]);
  });
});
