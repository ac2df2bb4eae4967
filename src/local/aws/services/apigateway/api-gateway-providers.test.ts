import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../../../shared/errors.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import { createApiGatewayProviders } from "./api-gateway-providers.js";
import { ApiGatewayState } from "./api-gateway-state.js";
import {
  ACCOUNT,
  buildOrdersApi,
  CONSUMER_VPCE,
  DOMAIN,
  FUNCTIONS,
  REGION,
  STACK,
} from "./front-door/orders-api.test-support.js";

function providersOf(state: ApiGatewayState): Map<string, ResourceProvider> {
  return new Map(createApiGatewayProviders(state).map((p) => [p.type, p]));
}

function resource(logicalId: string, type: string, properties: Record<string, unknown>): ResolvedResource {
  return { stack: STACK, logicalId, type, properties };
}

async function create(
  state: ApiGatewayState,
  logicalId: string,
  type: string,
  properties: Record<string, unknown>,
) {
  const provider = providersOf(state).get(type);
  if (provider === undefined) {
    throw new Error(type);
  }
  return provider.create(resource(logicalId, type, properties));
}

describe("AWS::ApiGateway::RestApi", () => {
  it("gets a deterministic 10-character lower-case id and the root resource as GetAtt RootResourceId", async () => {
    const first = await create(new ApiGatewayState(), "Api", "AWS::ApiGateway::RestApi", {});
    const again = await create(new ApiGatewayState(), "Api", "AWS::ApiGateway::RestApi", {});
    const other = await create(new ApiGatewayState(), "Other", "AWS::ApiGateway::RestApi", {});
    expect(first.ref).toMatch(/^[a-z0-9]{10}$/);
    expect(again.ref).toBe(first.ref);
    expect(other.ref).not.toBe(first.ref);
    expect(first.attributes?.RootResourceId).toMatch(/^[a-z0-9]{10}$/);
  });

  it("keeps the endpoint configuration and expands execute-api:/ in the resource policy as AWS stores it", async () => {
    const { state, apiId } = await buildOrdersApi();
    const api = state.restApi(apiId);
    expect(api?.endpointTypes).toEqual(["PRIVATE"]);
    expect(api?.vpcEndpointIds).toEqual([CONSUMER_VPCE]);
    const statements = api?.policy?.Statement as unknown as { Resource: string; Sid: string }[];
    expect(statements.map((s) => [s.Sid, s.Resource])).toEqual([
      ["AllowInvoke", `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*`],
      ["DenyOutsideConsumerEndpoint", `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*`],
    ]);
  });

  it("accepts a policy given as a JSON string and defaults the endpoint type to EDGE", async () => {
    const state = new ApiGatewayState();
    const policy = {
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: ["execute-api:/v1/GET/*"],
        },
      ],
    };
    const { ref } = await create(state, "Api", "AWS::ApiGateway::RestApi", {
      Policy: JSON.stringify(policy),
    });
    const api = state.restApi(ref);
    expect(api?.endpointTypes).toEqual(["EDGE"]);
    expect(api?.policy?.Statement).toEqual([
      expect.objectContaining({ Resource: [`arn:aws:execute-api:${REGION}:${ACCOUNT}:${ref}/v1/GET/*`] }),
    ]);
  });

  it("does not claim Body or BodyS3Location, so the start-up report names them", () => {
    const provider = providersOf(new ApiGatewayState()).get("AWS::ApiGateway::RestApi");
    expect(provider?.properties).not.toContain("Body");
    expect(provider?.properties).not.toContain("BodyS3Location");
    expect(provider?.properties).toContain("Policy");
  });
});

describe("the OrdersFood API built by the providers", () => {
  it("builds resource paths, methods with their Lambda integrations, validator, stage and domain mapping", async () => {
    const { state, apiId } = await buildOrdersApi({ timeoutInMillis: 1234 });
    const api = state.restApi(apiId);
    const paths = [...(api?.resources.values() ?? [])].map((r) => [r.path, [...r.methods.keys()]]);
    expect(paths).toEqual([
      ["/", []],
      ["/orders", ["POST", "GET"]],
      ["/orders/{orderId}", ["GET"]],
    ]);
    const getOrder = [...(api?.resources.values() ?? [])]
      .find((r) => r.path === "/orders/{orderId}")
      ?.methods.get("GET");
    expect(getOrder?.integration).toEqual({
      type: "AWS_PROXY",
      functionArn: FUNCTIONS.getOrder,
      integrationHttpMethod: "POST",
      timeoutMs: 1234,
    });
    expect(getOrder?.requestParameters.get("method.request.path.orderId")).toBe(true);
    expect(getOrder?.operationName).toBe("getOrder");
    const validator = api?.validators.get(getOrder?.requestValidatorId ?? "");
    expect(validator).toMatchObject({ validateRequestBody: true, validateRequestParameters: true });
    expect(api?.stages.get("v1")).toMatchObject({ name: "v1", variables: {} });
    expect(state.domainName(DOMAIN.toUpperCase())?.mappings).toEqual([
      { basePath: "v1", restApiId: apiId, stage: "v1" },
    ]);
    expect(state.unsupported()).toEqual([]);
  });

  it("validates bodies against the draft-04 model like API Gateway (enum, required, pattern; format ignored)", async () => {
    const { state, apiId } = await buildOrdersApi();
    const models = state.restApi(apiId)?.models;
    expect(models?.check("newOrder", { fullName: "Max", food: "pizza", extra: 1 })).toBe("valid");
    expect(models?.check("newOrder", { fullName: "Max", food: "Pizza" })).toBe("invalid");
    expect(models?.check("newOrder", { food: "pizza" })).toBe("invalid");
    expect(models?.check("newOrder", { fullName: "   ", food: "salat" })).toBe("invalid");
    expect(models?.check("noSuchModel", {})).toBe("unresolvable");
  });

  it("resolves $ref between models by their API Gateway model URL", async () => {
    const state = new ApiGatewayState();
    const { ref: apiId } = await create(state, "Api", "AWS::ApiGateway::RestApi", {});
    const url = `https://apigateway.amazonaws.com/restapis/${apiId}/models/food`;
    await create(state, "Order", "AWS::ApiGateway::Model", {
      RestApiId: apiId,
      Name: "newOrder",
      Schema: JSON.stringify({
        type: "object",
        properties: { food: { $ref: url }, date: { type: "string", format: "date" } },
      }),
    });
    await create(state, "Food", "AWS::ApiGateway::Model", {
      RestApiId: apiId,
      Name: "food",
      Schema: { type: "string", enum: ["pizza"] },
    });
    const models = state.restApi(apiId)?.models;
    expect(models?.check("newOrder", { food: "pizza", date: "not a date" })).toBe("valid");
    expect(models?.check("newOrder", { food: "sushi" })).toBe("invalid");
  });
});

describe("what the local API Gateway does not honour", () => {
  async function method(properties: Record<string, unknown>) {
    const state = new ApiGatewayState();
    const { ref: apiId, attributes } = await create(state, "Api", "AWS::ApiGateway::RestApi", {});
    await create(state, "M", "AWS::ApiGateway::Method", {
      RestApiId: apiId,
      ResourceId: attributes?.RootResourceId,
      HttpMethod: "get",
      ...properties,
    });
    return {
      state,
      method: state.restApi(apiId)?.resources.get(String(attributes?.RootResourceId))?.methods.get("GET"),
    };
  }

  it("reports integrations and authorizers it cannot run, and fails them closed", async () => {
    const http = await method({ Integration: { Type: "HTTP_PROXY", Uri: "https://example.com" } });
    expect(http.method?.integration.type).toBe("UNSUPPORTED");
    expect(http.state.unsupported()[0]).toMatchObject({
      kind: "property",
      name: "AWS::ApiGateway::Method.Integration.Type=HTTP_PROXY",
      count: 1,
    });
    const keyed = await method({ ApiKeyRequired: true, Integration: { Type: "MOCK" } });
    expect(keyed.method?.apiKeyRequired).toBe(true);
    expect(keyed.state.unsupported()).toEqual([]);
    const cognito = await method({ AuthorizationType: "COGNITO_USER_POOLS", Integration: { Type: "MOCK" } });
    expect(cognito.method?.authorizationType).toBe("UNSUPPORTED");
    expect(cognito.state.unsupported().map((f) => f.name)).toEqual([
      "AWS::ApiGateway::Method.AuthorizationType=COGNITO_USER_POOLS",
    ]);
    const custom = await method({ AuthorizationType: "CUSTOM", Integration: { Type: "MOCK" } }).catch(
      (e: unknown) => e,
    );
    expect(isAccountmeshError(custom) && custom.code).toBe("API_GATEWAY_INVALID_PROPERTY");
  });

  it("takes a MOCK integration with its templates, VTL included, and reports nothing", async () => {
    const mock = await method({
      Integration: {
        Type: "MOCK",
        RequestTemplates: { "application/json": "{ statusCode: 200 }" },
        IntegrationResponses: [
          {
            StatusCode: "204",
            ResponseTemplates: { "application/json": '#set($o = $input.params().header.get("origin"))$o' },
            ResponseParameters: { "method.response.header.X-Mock": "'yes'" },
          },
        ],
      },
    });
    expect(mock.method?.integration).toEqual({
      type: "MOCK",
      requestTemplates: new Map([["application/json", "{ statusCode: 200 }"]]),
      passthroughBehavior: "WHEN_NO_MATCH",
      requestParameters: {},
      responses: [
        {
          statusCode: 204,
          responseTemplates: new Map([
            ["application/json", '#set($o = $input.params().header.get("origin"))$o'],
          ]),
          responseParameters: { "method.response.header.X-Mock": "'yes'" },
        },
      ],
    });
    expect(mock.state.unsupported()).toEqual([]);
  });

  it("reports binary conversions and stage throttling or caching it does not apply", async () => {
    const binary = await method({
      Integration: {
        Type: "MOCK",
        IntegrationResponses: [{ StatusCode: "200", ContentHandling: "CONVERT_TO_BINARY" }],
      },
    });
    expect(binary.state.unsupported().map((f) => f.name)).toEqual([
      "AWS::ApiGateway::Method.Integration.IntegrationResponses.ContentHandling",
    ]);
    const state = new ApiGatewayState();
    const { ref: apiId } = await create(state, "Api", "AWS::ApiGateway::RestApi", {});
    await create(state, "Stage", "AWS::ApiGateway::Stage", {
      RestApiId: apiId,
      StageName: "prod",
      MethodSettings: [
        {
          HttpMethod: "*",
          ResourcePath: "/*",
          LoggingLevel: "INFO",
          ThrottlingRateLimit: 10,
          ThrottlingBurstLimit: 5,
        },
      ],
    });
    expect(state.unsupported().map((f) => f.name)).toEqual([
      "AWS::ApiGateway::Stage.MethodSettings.ThrottlingRateLimit",
      "AWS::ApiGateway::Stage.MethodSettings.ThrottlingBurstLimit",
    ]);
  });

  it("reports a stage's access logs and tracing, and not the mapping templates a proxy integration ignores", async () => {
    const state = new ApiGatewayState();
    const { ref: apiId } = await create(state, "Api", "AWS::ApiGateway::RestApi", {});
    await create(state, "Stage", "AWS::ApiGateway::Stage", {
      RestApiId: apiId,
      StageName: "prod",
      AccessLogSetting: {
        DestinationArn: "arn:aws:logs:eu-central-1:111111111111:log-group:access",
        Format: "$context.requestId",
      },
      TracingEnabled: true,
    });
    expect(state.unsupported().map((f) => [f.name, f.detail])).toEqual([
      [
        "AWS::ApiGateway::Stage.AccessLogSetting",
        expect.stringContaining("access logs are not written locally"),
      ],
      ["AWS::ApiGateway::Stage.TracingEnabled", "no X-Ray traces locally"],
    ]);
    const proxy = await method({
      Integration: {
        Type: "AWS_PROXY",
        IntegrationHttpMethod: "POST",
        Uri: "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:fn/invocations",
        RequestTemplates: { "application/json": '{ "statusCode": "200" }' },
        PassthroughBehavior: "WHEN_NO_MATCH",
        CacheKeyParameters: ["method.request.path.id"],
      },
    });
    expect(proxy.state.unsupported().map((f) => f.name)).toEqual([
      "AWS::ApiGateway::Method.Integration.CacheKeyParameters",
    ]);
  });

  it("fails with a coded error when a reference points nowhere", async () => {
    const state = new ApiGatewayState();
    const error = await create(state, "Map", "AWS::ApiGateway::BasePathMapping", {
      DomainName: "nowhere.example",
      RestApiId: "x",
    }).catch((e: unknown) => e);
    expect(isAccountmeshError(error) && error.code).toBe("API_GATEWAY_UNKNOWN_DOMAIN_NAME");
    const missingApi = await create(state, "R", "AWS::ApiGateway::Resource", {
      RestApiId: "nope",
      ParentId: "p",
      PathPart: "x",
    }).catch((e: unknown) => e);
    expect(isAccountmeshError(missingApi) && missingApi.code).toBe("API_GATEWAY_UNKNOWN_REST_API");
  });
});
