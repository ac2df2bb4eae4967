// AWS::ApiGateway::Method: authorization type, request parameters/models/validator and the
// integration (AWS_PROXY to Lambda; AWS service integrations and MOCK with mapping templates). What cannot be honoured is reported
// and fails closed at request time.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { ApiGatewayState, ApiMethod, Integration } from "./api-gateway-state.js";
import { awsIntegration, templateIntegration } from "./aws-integration.js";
import {
  optionalBoolean,
  optionalRecord,
  optionalString,
  requiredString,
  stringMap,
  where,
} from "./properties.js";

const TYPE = "AWS::ApiGateway::Method";
const DEFAULT_TIMEOUT_MS = 29_000;
const LAMBDA_URI =
  /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
/**
 * Integration keys an AWS_PROXY integration honours, and those API Gateway stores but does not apply to
 * a proxy integration (mapping templates and passthrough: "you don't set the integration request or
 * the integration response" of a Lambda proxy integration) — neither is reported.
 */
const PROXY_KEYS = [
  "Type",
  "Uri",
  "IntegrationHttpMethod",
  "TimeoutInMillis",
  "RequestTemplates",
  "PassthroughBehavior",
];
const PARAMETER =
  /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.]+$/;

export function methodProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: TYPE,
    properties: [
      "RestApiId",
      "ResourceId",
      "HttpMethod",
      "AuthorizationType",
      "AuthorizerId",
      "ApiKeyRequired",
      "Integration",
      "OperationName",
      "RequestParameters",
      "RequestModels",
      "RequestValidatorId",
      "MethodResponses",
    ],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const resourceId = requiredString(resource, "ResourceId");
      const target = api.resources.get(resourceId);
      if (target === undefined) {
        throw new AccountmeshError(
          "API_GATEWAY_UNKNOWN_RESOURCE",
          `${where(resource)}: ResourceId ${resourceId} is not a resource of REST API ${api.id}.`,
          { where: where(resource), resourceId, apiId: api.id },
        );
      }
      const httpMethod = requiredString(resource, "HttpMethod").toUpperCase();
      const operationName = optionalString(resource, "OperationName");
      const requestValidatorId = optionalString(resource, "RequestValidatorId");
      const authorizerId = optionalString(resource, "AuthorizerId");
      const method: ApiMethod = {
        httpMethod,
        authorizationType: authorizationType(state, resource),
        ...(authorizerId === undefined ? {} : { authorizerId }),
        apiKeyRequired:
          optionalBoolean(resource, "ApiKeyRequired", resource.properties.ApiKeyRequired) ?? false,
        ...(operationName === undefined ? {} : { operationName }),
        requestParameters: requestParameters(resource),
        requestModels: new Map(
          Object.entries(stringMap(resource, "RequestModels", resource.properties.RequestModels)).map(
            ([contentType, model]) => [contentType.toLowerCase(), model],
          ),
        ),
        ...(requestValidatorId === undefined ? {} : { requestValidatorId }),
        integration: integration(state, resource),
      };
      target.methods.set(httpMethod, method);
      return { ref: stableId([api.id, resourceId, httpMethod], 10, "alnum") };
    },
  };
}

function authorizationType(
  state: ApiGatewayState,
  resource: ResolvedResource,
): ApiMethod["authorizationType"] {
  const value = optionalString(resource, "AuthorizationType") ?? "NONE";
  if (value === "NONE" || value === "AWS_IAM") {
    return value;
  }
  if (value === "CUSTOM") {
    if (optionalString(resource, "AuthorizerId") === undefined) {
      throw new AccountmeshError(
        "API_GATEWAY_INVALID_PROPERTY",
        `${where(resource)}: AuthorizationType CUSTOM needs an AuthorizerId.`,
        { where: where(resource) },
      );
    }
    return "CUSTOM";
  }
  state.reportUnsupported({
    kind: "property",
    name: `${TYPE}.AuthorizationType=${value}`,
    where: where(resource),
    detail:
      "NONE, AWS_IAM and CUSTOM (Lambda authorizers) are evaluated locally; the method answers 500 Internal server error",
  });
  return "UNSUPPORTED";
}

function requestParameters(resource: ResolvedResource): Map<string, boolean> {
  const record = optionalRecord(resource, "RequestParameters", resource.properties.RequestParameters) ?? {};
  const out = new Map<string, boolean>();
  for (const [name, value] of Object.entries(record)) {
    if (!PARAMETER.test(name)) {
      throw new AccountmeshError(
        "API_GATEWAY_INVALID_PROPERTY",
        `${where(resource)}: RequestParameters key ${JSON.stringify(name)} is not method.request.{querystring|header|path}.<name>.`,
        { where: where(resource), parameter: name },
      );
    }
    out.set(name, optionalBoolean(resource, `RequestParameters.${name}`, value) ?? false);
  }
  return out;
}

function integration(state: ApiGatewayState, resource: ResolvedResource): Integration {
  const spec = optionalRecord(resource, "Integration", resource.properties.Integration) ?? {};
  const type = typeof spec.Type === "string" ? spec.Type : "";
  const unsupported = (description: string): Integration => {
    state.reportUnsupported({
      kind: "property",
      name: `${TYPE}.Integration.Type=${type}`,
      where: where(resource),
      detail: description,
    });
    return { type: "UNSUPPORTED", description };
  };
  if (type === "MOCK") {
    const honoured = [
      "Type",
      "RequestTemplates",
      "PassthroughBehavior",
      "RequestParameters",
      "IntegrationResponses",
    ];
    for (const key of Object.keys(spec).filter((k) => !honoured.includes(k))) {
      state.reportUnsupported({
        kind: "property",
        name: `${TYPE}.Integration.${key}`,
        where: where(resource),
      });
    }
    reportContentHandling(state, resource, spec);
    return { type: "MOCK", ...templateIntegration(spec) };
  }
  if (type === "AWS") {
    reportContentHandling(state, resource, spec);
    const aws = awsIntegration(resource, spec, (feature) => state.reportUnsupported(feature));
    return typeof aws === "string" ? unsupported(aws) : aws;
  }
  if (type !== "AWS_PROXY") {
    return unsupported(
      `integration type ${JSON.stringify(type)} (AWS_PROXY to Lambda, AWS service integrations and MOCK run locally)`,
    );
  }
  const uri = typeof spec.Uri === "string" ? spec.Uri : "";
  const functionArn = LAMBDA_URI.exec(uri)?.[1];
  if (functionArn === undefined || !FUNCTION_ARN.test(functionArn)) {
    return unsupported(`AWS_PROXY Uri ${JSON.stringify(uri)} is not a Lambda function invocation URI`);
  }
  for (const key of Object.keys(spec).filter((k) => !PROXY_KEYS.includes(k))) {
    state.reportUnsupported({ kind: "property", name: `${TYPE}.Integration.${key}`, where: where(resource) });
  }
  const timeout = spec.TimeoutInMillis === undefined ? DEFAULT_TIMEOUT_MS : Number(spec.TimeoutInMillis);
  return {
    type: "AWS_PROXY",
    functionArn,
    integrationHttpMethod:
      typeof spec.IntegrationHttpMethod === "string" ? spec.IntegrationHttpMethod : "POST",
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  };
}

/** Binary conversions of integration responses (ContentHandling) are not applied: the body passes as text. */
function reportContentHandling(
  state: ApiGatewayState,
  resource: ResolvedResource,
  spec: Readonly<Record<string, unknown>>,
): void {
  const responses = Array.isArray(spec.IntegrationResponses) ? (spec.IntegrationResponses as unknown[]) : [];
  if (responses.some((r) => typeof r === "object" && r !== null && "ContentHandling" in r)) {
    state.reportUnsupported({
      kind: "property",
      name: `${TYPE}.Integration.IntegrationResponses.ContentHandling`,
      where: where(resource),
      detail: "binary conversions are not applied: the integration's body passes through as text",
    });
  }
}
