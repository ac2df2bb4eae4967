// validateRequest on its own: which checks a method's request validator turns on, the required
// parameters in each location, and the body against the model for its content type. AWS's rules:
// "Request validation for REST APIs in API Gateway"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html).
import { describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../../http/http-types.js";
import type { ApiMethod, RequestValidator, RestApi } from "../api-gateway-state.js";
import { ModelValidator } from "../model-validator.js";
import { GatewayError } from "./gateway-error.js";
import { parseInvocationRequest } from "./invocation-request.js";
import type { Route } from "./route-request.js";
import { validateRequest } from "./validate-request.js";

const VALIDATORS: Record<string, RequestValidator> = {
  all: { id: "all", name: "all", validateRequestBody: true, validateRequestParameters: true },
  body: { id: "body", name: "body", validateRequestBody: true, validateRequestParameters: false },
  params: { id: "params", name: "params", validateRequestBody: false, validateRequestParameters: true },
};

function api(): RestApi {
  const models = new ModelValidator("abcdef0123");
  models.add({
    name: "Order",
    contentType: "application/json",
    schema: { type: "object", required: ["food"], properties: { food: { type: "string" } } },
  });
  models.add({ name: "Broken", contentType: "application/json", schema: { $ref: "#/definitions/none" } });
  return {
    id: "abcdef0123",
    validators: new Map(Object.entries(VALIDATORS)),
    models,
  } as unknown as RestApi;
}

function route(options: {
  validator?: string;
  parameters?: Record<string, boolean>;
  models?: Record<string, string>;
  pathParameters?: Record<string, string>;
}): Route {
  const method = {
    httpMethod: "POST",
    requestParameters: new Map(Object.entries(options.parameters ?? {})),
    requestModels: new Map(Object.entries(options.models ?? {})),
    ...(options.validator === undefined ? {} : { requestValidatorId: options.validator }),
  } as unknown as ApiMethod;
  return {
    resource: { id: "r", pathPart: "orders", path: "/orders", methods: new Map() },
    method,
    pathParameters: options.pathParameters ?? {},
  };
}

function request(url: string, body = "", headers: Record<string, string | string[]> = {}): LocalRequest {
  return {
    method: "POST",
    url,
    headers: Object.fromEntries(
      Object.entries({ host: "abcdef0123.execute-api.eu-central-1.amazonaws.com", ...headers }).map(
        ([k, v]) => [k, Array.isArray(v) ? v : [v]],
      ),
    ),
    body: Buffer.from(body),
    source: { sourceIp: "203.0.113.10", via: ["internet"] },
    protocol: "https",
  };
}

/** The gateway error validateRequest throws (response type and log line), or "passed". */
function outcome(r: Route, local: LocalRequest): string {
  try {
    validateRequest(api(), r, parseInvocationRequest(local), local);
    return "passed";
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return `${error.status} ${error.responseType}: ${error.logMessage}`;
  }
}

const REQUIRED = {
  "method.request.querystring.orderDate": true,
  "method.request.header.X-Tenant": true,
  "method.request.path.orderId": true,
  "method.request.multivaluequerystring.tag": true,
  "method.request.querystring.optional": false,
};

describe("validateRequest: which checks the validator turns on", () => {
  const bad = request("/v1/orders", "not json", { "content-type": "application/json" });
  const models = { "application/json": "Order" };

  it("checks nothing without a validator, or with an id the API does not have", () => {
    expect(outcome(route({ parameters: REQUIRED, models }), bad)).toBe("passed");
    expect(outcome(route({ validator: "nosuch", parameters: REQUIRED, models }), bad)).toBe("passed");
  });

  it("checks only the body, only the parameters, or both, as the validator says", () => {
    expect(outcome(route({ validator: "body", parameters: REQUIRED, models }), bad)).toMatch(
      /^400 BAD_REQUEST_BODY/,
    );
    expect(outcome(route({ validator: "params", parameters: REQUIRED, models }), bad)).toMatch(
      /^400 BAD_REQUEST_PARAMETERS/,
    );
    const good = request("/v1/orders", '{"food":"pizza"}', { "content-type": "application/json" });
    expect(outcome(route({ validator: "params", models }), bad)).toBe("passed");
    expect(outcome(route({ validator: "body", parameters: REQUIRED, models }), good)).toBe("passed");
  });
});

describe("validateRequest: required parameters", () => {
  const r = route({ validator: "params", parameters: REQUIRED, pathParameters: { orderId: "42" } });

  it("names every missing required parameter in the order of their keys, never an optional one", () => {
    expect(outcome(r, request("/v1/orders"))).toBe(
      "400 BAD_REQUEST_PARAMETERS: Missing required request parameters: [X-Tenant, tag, orderDate]",
    );
  });

  it("finds each in its location: header (any case), query string, multi-value query string, path", () => {
    expect(outcome(r, request("/v1/orders?orderDate=2024-01-01&tag=a&tag=b", "", { "x-tenant": "t1" }))).toBe(
      "passed",
    );
    const noPath = route({ validator: "params", parameters: REQUIRED });
    expect(outcome(noPath, request("/v1/orders?orderDate=d&tag=a", "", { "x-tenant": "t1" }))).toBe(
      "400 BAD_REQUEST_PARAMETERS: Missing required request parameters: [orderId]",
    );
  });

  it("counts a blank value as missing, unless another value of the same name is not blank", () => {
    expect(outcome(r, request("/v1/orders?orderDate=%20&tag=", "", { "x-tenant": " " }))).toBe(
      "400 BAD_REQUEST_PARAMETERS: Missing required request parameters: [X-Tenant, tag, orderDate]",
    );
    expect(outcome(r, request("/v1/orders?orderDate=d&tag=&tag=x", "", { "x-tenant": ["", "t"] }))).toBe(
      "passed",
    );
  });
});

describe("validateRequest: the body against the model of its content type", () => {
  const r = route({ validator: "body", models: { "application/json": "Order", "text/plain": "Broken" } });

  it("validates a body without Content-Type as application/json, an empty body as {}", () => {
    expect(outcome(r, request("/v1/orders", '{"food":"pizza"}'))).toBe("passed");
    expect(outcome(r, request("/v1/orders", '{"food":1}'))).toBe(
      "400 BAD_REQUEST_BODY: request body does not match model Order",
    );
    expect(outcome(r, request("/v1/orders", "  "))).toBe(
      "400 BAD_REQUEST_BODY: request body does not match model Order",
    );
  });

  it("refuses a body that is not JSON, naming the model and the content type", () => {
    expect(outcome(r, request("/v1/orders", "{food", { "content-type": "application/json" }))).toBe(
      "400 BAD_REQUEST_BODY: request body is not JSON (model Order, content type application/json)",
    );
  });

  it("uses the $default model for a content type without its own, and passes others through", () => {
    const fallback = route({ validator: "body", models: { $default: "Order" } });
    expect(outcome(fallback, request("/v1/orders", '{"x":1}', { "content-type": "application/xml" }))).toBe(
      "400 BAD_REQUEST_BODY: request body does not match model Order",
    );
    expect(outcome(r, request("/v1/orders", "<xml/>", { "content-type": "application/xml" }))).toBe("passed");
  });

  it("answers 500 when the model cannot be compiled (a configuration error, not the caller's)", () => {
    expect(outcome(r, request("/v1/orders", "{}", { "content-type": "text/plain" }))).toBe(
      "500 API_CONFIGURATION_ERROR: model Broken of REST API abcdef0123 cannot be resolved or compiled",
    );
  });
});
