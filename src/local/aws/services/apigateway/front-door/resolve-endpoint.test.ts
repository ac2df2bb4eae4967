// resolveEndpoint on its own: which API and stage a request names, by custom domain, execute-api host
// name, private API alias or (through a VPC endpoint) the x-apigw-api-id header, and the Forbidden
// answers with the execution-log line that says why. AWS's rules: "Invoking a private API"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html),
// "Disable the default endpoint" and base path mappings
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html).
import { describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../../http/http-types.js";
import { ApiGatewayState, type RestApi } from "../api-gateway-state.js";
import { GatewayError } from "./gateway-error.js";
import { parseInvocationRequest } from "./invocation-request.js";
import { type Arrival, resolveEndpoint } from "./resolve-endpoint.js";

const REGION = "eu-central-1";
const VPCE = "vpce-0aa11bb22cc33dd44";

function restApi(id: string, overrides: Partial<RestApi> = {}): RestApi {
  return {
    id,
    name: id,
    account: "111111111111",
    region: REGION,
    endpointTypes: ["PRIVATE"],
    vpcEndpointIds: [VPCE],
    binaryMediaTypes: [],
    disableExecuteApiEndpoint: false,
    rootResourceId: "root",
    resources: new Map(),
    models: {} as RestApi["models"],
    validators: new Map(),
    stages: new Map([
      ["v1", { name: "v1", variables: {} }],
      ["v2", { name: "v2", variables: {} }],
    ]),
    deployments: new Set(),
    authorizers: new Map(),
    apiKeySource: "HEADER",
    ...overrides,
  };
}

function state(): ApiGatewayState {
  const s = new ApiGatewayState();
  s.addRestApi(restApi("abcdef0123"));
  s.addRestApi(restApi("closed0123", { disableExecuteApiEndpoint: true }));
  s.addRestApi(restApi("zzzzzz9999"));
  s.addDomainName({
    name: "food.example.com",
    account: "111111111111",
    region: REGION,
    endpointTypes: ["REGIONAL"],
    regionalDomainName: "d-abc.execute-api.eu-central-1.amazonaws.com",
    mappings: [
      { basePath: "", restApiId: "abcdef0123" },
      { basePath: "shop/admin", restApiId: "zzzzzz9999", stage: "v2" },
      { basePath: "shop", restApiId: "abcdef0123", stage: "v1" },
      { basePath: "ghost", restApiId: "nosuch0000", stage: "v1" },
      { basePath: "nostage", restApiId: "abcdef0123", stage: "v9" },
      { basePath: "open", restApiId: "abcdef0123" },
    ],
  });
  return s;
}

function local(host: string, path: string, headers: Record<string, string> = {}): LocalRequest {
  return {
    method: "GET",
    url: path,
    headers: {
      host: [host],
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    },
    body: Buffer.alloc(0),
    source: { sourceIp: "203.0.113.10", via: ["internet"] },
    protocol: "https",
  };
}

function resolve(host: string, path: string, arrival: Arrival, headers: Record<string, string> = {}) {
  const request = local(host, path, headers);
  return resolveEndpoint(state(), parseInvocationRequest(request), request, arrival);
}

/** The Forbidden answer and its execution-log line, or a failure when the request resolved. */
function refusal(host: string, path: string, arrival: Arrival, headers: Record<string, string> = {}) {
  try {
    const target = resolve(host, path, arrival, headers);
    throw new Error(`resolved to ${target.api.id}/${target.stage.name}${target.apiPath}`);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { status: error.status, body: error.body, type: error.responseType, log: error.logMessage };
  }
}

const EXECUTE_API = `abcdef0123.execute-api.${REGION}.amazonaws.com`;
const VPCE_DNS = `${VPCE}-1a2b3c4d.execute-api.${REGION}.vpce.amazonaws.com`;

describe("resolveEndpoint: execute-api host names", () => {
  it("takes the stage from the first segment and collapses the slashes around it", () => {
    const target = resolve(EXECUTE_API, "//v1//orders/42", "private");
    expect(target.api.id).toBe("abcdef0123");
    expect(target.stage.name).toBe("v1");
    expect(target.apiPath).toBe("/orders/42");
    expect(target.eventPath).toBe("/orders/42");
    expect(target.contextPath).toBe("/v1//orders/42");
    expect(target.domainName).toBe(EXECUTE_API);
    expect(target.customDomain).toBeUndefined();
  });

  it("answers the stage root as /", () => {
    expect(resolve(EXECUTE_API, "/v2", "public").apiPath).toBe("/");
  });

  it("refuses an unknown stage and a request without one, naming the stage", () => {
    expect(refusal(EXECUTE_API, "/v9/orders", "private")).toEqual({
      status: 403,
      body: '{"message":"Forbidden"}',
      type: "FORBIDDEN",
      log: 'REST API abcdef0123 has no stage "v9"',
    });
    expect(refusal(EXECUTE_API, "/", "private").log).toBe('REST API abcdef0123 has no stage ""');
  });

  it("refuses an API of another region and an unknown API id", () => {
    expect(refusal(`abcdef0123.execute-api.us-east-1.amazonaws.com`, "/v1/x", "private").log).toBe(
      "no REST API abcdef0123 in us-east-1",
    );
    expect(refusal(`unknown000.execute-api.${REGION}.amazonaws.com`, "/v1/x", "private").log).toBe(
      `no REST API unknown000 in ${REGION}`,
    );
  });

  it("refuses an API whose execute-api endpoint is disabled, through every host-name form", () => {
    const host = `closed0123.execute-api.${REGION}.amazonaws.com`;
    expect(refusal(host, "/v1/x", "public").log).toBe(
      "REST API closed0123 disables its execute-api endpoint",
    );
    expect(refusal(VPCE_DNS, "/v1/x", "private", { "x-apigw-api-id": "closed0123" }).log).toBe(
      "REST API closed0123 disables its execute-api endpoint",
    );
  });
});

describe("resolveEndpoint: the private API alias <apiId>-<vpceId>", () => {
  const alias = `abcdef0123-${VPCE}.execute-api.${REGION}.amazonaws.com`;

  it("resolves inside the VPC for an associated endpoint", () => {
    expect(resolve(alias, "/v1/orders", "private").apiPath).toBe("/orders");
  });

  it("does not resolve from outside every VPC", () => {
    expect(refusal(alias, "/v1/orders", "public").log).toBe(
      `${alias} is a private API alias; it resolves only inside the VPC of ${VPCE}`,
    );
  });

  it("refuses an endpoint the API is not associated with", () => {
    const other = `abcdef0123-vpce-0ffffffffffffffff.execute-api.${REGION}.amazonaws.com`;
    expect(refusal(other, "/v1/orders", "private").log).toBe(
      `${other}: vpce-0ffffffffffffffff is not associated with REST API abcdef0123`,
    );
  });
});

describe("resolveEndpoint: the x-apigw-api-id header through a VPC endpoint", () => {
  it("names the API when the host is the endpoint's DNS name or absent, the value trimmed", () => {
    expect(resolve(VPCE_DNS, "/v1/a", "private", { "x-apigw-api-id": " abcdef0123 " }).api.id).toBe(
      "abcdef0123",
    );
    expect(resolve("", "/v1/a", "private", { "x-apigw-api-id": "zzzzzz9999" }).api.id).toBe("zzzzzz9999");
  });

  it("is ignored from outside every VPC, on another host and without the header", () => {
    const noHost = 'host "" is no API Gateway custom domain or execute-api name';
    expect(refusal(VPCE_DNS, "/v1/a", "public", { "x-apigw-api-id": "abcdef0123" }).log).toBe(
      `host ${JSON.stringify(VPCE_DNS)} is no API Gateway custom domain or execute-api name`,
    );
    expect(refusal("example.org", "/v1/a", "private", { "x-apigw-api-id": "abcdef0123" }).log).toBe(
      'host "example.org" is no API Gateway custom domain or execute-api name',
    );
    expect(refusal("", "/v1/a", "private").log).toBe(noHost);
  });

  it("refuses a header naming no API", () => {
    expect(refusal(VPCE_DNS, "/v1/a", "private", { "x-apigw-api-id": "nosuch0000" }).log).toBe(
      'x-apigw-api-id "nosuch0000" names no REST API',
    );
  });
});

describe("resolveEndpoint: custom domains and base path mappings", () => {
  it("picks the longest matching base path, whatever the mapping order", () => {
    const admin = resolve("food.example.com", "/shop/admin/users", "public");
    expect([admin.api.id, admin.stage.name, admin.apiPath]).toEqual(["zzzzzz9999", "v2", "/users"]);
    const shop = resolve("food.example.com", "/shop/cart", "public");
    expect([shop.api.id, shop.stage.name, shop.apiPath]).toEqual(["abcdef0123", "v1", "/cart"]);
    expect(shop.eventPath).toBe("/shop/cart");
    expect(shop.contextPath).toBe("/shop/cart");
    expect(shop.customDomain?.name).toBe("food.example.com");
  });

  it("takes the stage from the path under a mapping without one (the root mapping)", () => {
    const target = resolve("food.example.com", "/v2/orders", "public");
    expect([target.api.id, target.stage.name, target.apiPath]).toEqual(["abcdef0123", "v2", "/orders"]);
    expect(refusal("food.example.com", "/", "public").log).toBe(
      'base path mapping of food.example.com names unknown stage ""',
    );
    const open = resolve("food.example.com", "/open/v1/orders", "public");
    expect([open.stage.name, open.apiPath]).toEqual(["v1", "/orders"]);
    expect(refusal("food.example.com", "/open", "public").log).toBe(
      'base path mapping of food.example.com names unknown stage ""',
    );
  });

  it("refuses a mapping to an unknown API or stage, and a path no mapping matches", () => {
    expect(refusal("food.example.com", "/ghost/x", "public").log).toBe(
      "base path mapping of food.example.com names unknown REST API nosuch0000",
    );
    expect(refusal("food.example.com", "/nostage/x", "public").log).toBe(
      'base path mapping of food.example.com names unknown stage "v9"',
    );
    const s = state();
    s.addDomainName({
      name: "only.example.com",
      account: "111111111111",
      region: REGION,
      endpointTypes: ["REGIONAL"],
      regionalDomainName: "d-only.execute-api.eu-central-1.amazonaws.com",
      mappings: [{ basePath: "api", restApiId: "abcdef0123", stage: "v1" }],
    });
    const request = local("only.example.com", "/other/x");
    try {
      resolveEndpoint(s, parseInvocationRequest(request), request, "public");
      expect.unreachable("a path outside every mapping resolved");
    } catch (error) {
      expect((error as GatewayError).logMessage).toBe(
        "no base path mapping of only.example.com matches /other/x",
      );
    }
  });
});
