// `$context` and `$input.params()` of a mapping template for one request, built from a REST API made by
// the real providers. AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
// and the $context variables of
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-data-transformations.html
import { describe, expect, it } from "vitest";
import {
  buildApi,
  executeApiHost,
  lambdaProxy,
  publicRequest,
  TEST_REGION,
} from "../rest-api.test-support.js";
import { parseInvocationRequest } from "./invocation-request.js";
import type { ProxyEventInput } from "./proxy-event.js";
import { routeRequest } from "./route-request.js";
import { method, NOW, ROOT, restApi } from "./service-integration.test-support.js";
import { methodRequestParameters, templateContext } from "./template-context.js";

const FUNCTION = "arn:aws:lambda:eu-west-1:444455556666:function:fn";

async function inputFor(url: string, extra: Partial<ProxyEventInput> = {}): Promise<ProxyEventInput> {
  const { state, apiId } = await buildApi(
    restApi(method("Items", ROOT, "{id}", "GET", lambdaProxy(FUNCTION))),
  );
  const api = state.restApi(apiId);
  const stage = api?.stages.get("prod");
  const route = api === undefined ? undefined : routeRequest(api, "GET", "/a%20b");
  if (api === undefined || stage === undefined || route === undefined) throw new Error("no API built");
  const request = publicRequest(executeApiHost(apiId), url, { headers: { "x-tag": ["one", "two"] } });
  return {
    target: {
      api,
      stage,
      apiPath: "/a%20b",
      eventPath: "/a%20b",
      contextPath: "/prod/a%20b",
      domainName: executeApiHost(apiId, TEST_REGION),
    },
    route,
    parsed: parseInvocationRequest(request),
    request,
    caller: { principal: { kind: "anonymous" } },
    ids: { requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", extendedRequestId: "R9NOvE-qIAMECfw=" },
    now: NOW,
    ...extra,
  };
}

describe("templateContext", () => {
  it("names the API, stage, deployment, domain and its prefix, protocol and request", async () => {
    const input = await inputFor("/prod/a%20b");
    const context = templateContext(input);
    expect(context).toMatchObject({
      accountId: input.target.api.account,
      apiId: input.target.api.id,
      authorizer: {},
      domainName: `${input.target.api.id}.execute-api.${TEST_REGION}.amazonaws.com`,
      // $context.domainPrefix: "the first label of the $context.domainName".
      domainPrefix: input.target.api.id,
      extendedRequestId: "R9NOvE-qIAMECfw=",
      httpMethod: "GET",
      path: "/prod/a%20b",
      protocol: "HTTP/1.1",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      requestTimeEpoch: NOW.getTime(),
      resourceId: input.route.resource.id,
      resourcePath: "/{id}",
      stage: "prod",
    });
    expect(context.deploymentId).toBe(input.target.stage.deploymentId);
    expect(input.target.stage.deploymentId).toMatch(/./);
    // Templates `#set` the overrides: each map exists, empty, and is fresh for every rendering.
    expect(context.requestOverride).toEqual({ header: {}, querystring: {}, path: {} });
    expect(context.responseOverride).toEqual({ status: null, header: {} });
    expect(templateContext(input).requestOverride.header).not.toBe(context.requestOverride.header);
  });

  it("gives $context.authorizer the Lambda authorizer's principalId and context, as a copy", async () => {
    const authorizer = { principalId: "user-1", tier: "gold" };
    const context = templateContext(await inputFor("/prod/a%20b", { authorizer }));
    expect(context.authorizer).toEqual(authorizer);
    expect(context.authorizer).not.toBe(authorizer);
  });
});

describe("methodRequestParameters", () => {
  it("gives path parameters as received, query values decoded and the last value of a repeated header", async () => {
    const params = methodRequestParameters(await inputFor("/prod/a%20b?q=x%2By&q=last&flag"));
    expect(params.path).toEqual({ id: "a%20b" });
    expect({ ...params.querystring }).toEqual({ q: "last", flag: "" });
    expect(params.header["x-tag"]).toBe("two");
    expect(params.header["user-agent"]).toBe("curl/8.5.0");
  });
});
