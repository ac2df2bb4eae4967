// AWS::ApiGateway::Resource, ::Model, ::RequestValidator, ::Deployment, ::Stage and ::Account.
// Deployments are inert: a stage always serves the API as the templates define it.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { ApiGatewayState, ApiResource, RestApi, Stage } from "./api-gateway-state.js";
import {
  optionalBoolean,
  optionalRecord,
  optionalString,
  requiredString,
  stringMap,
  where,
} from "./properties.js";

export function resourceProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::Resource",
    properties: ["RestApiId", "ParentId", "PathPart"],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const parentId = requiredString(resource, "ParentId");
      const pathPart = requiredString(resource, "PathPart");
      const parent = api.resources.get(parentId);
      if (parent === undefined) {
        throw new AccountmeshError(
          "API_GATEWAY_UNKNOWN_PARENT_RESOURCE",
          `${where(resource)}: ParentId ${parentId} is not a resource of REST API ${api.id}.`,
          { where: where(resource), parentId, apiId: api.id },
        );
      }
      const id = stableId([api.id, resource.logicalId], 6, "alnum");
      const path = parent.path === "/" ? `/${pathPart}` : `${parent.path}/${pathPart}`;
      const created: ApiResource = { id, parentId, pathPart, path, methods: new Map() };
      api.resources.set(id, created);
      return { ref: id, attributes: { ResourceId: id } };
    },
  };
}

export function modelProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::Model",
    properties: ["RestApiId", "Name", "ContentType", "Schema", "Description"],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const name = optionalString(resource, "Name") ?? resource.logicalId;
      const contentType = (optionalString(resource, "ContentType") ?? "application/json").toLowerCase();
      api.models.add({ name, contentType, schema: schemaOf(resource) });
      return { ref: name };
    },
  };
}

function schemaOf(resource: ResolvedResource): Readonly<Record<string, unknown>> {
  const value = resource.properties.Schema;
  if (typeof value === "string") {
    try {
      return optionalRecord(resource, "Schema", JSON.parse(value)) ?? {};
    } catch (error) {
      if (error instanceof AccountmeshError) {
        throw error;
      }
      throw new AccountmeshError(
        "API_GATEWAY_INVALID_PROPERTY",
        `${where(resource)}: Schema is not valid JSON.`,
        {
          where: where(resource),
        },
      );
    }
  }
  return optionalRecord(resource, "Schema", value) ?? {};
}

export function requestValidatorProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::RequestValidator",
    properties: ["RestApiId", "Name", "ValidateRequestBody", "ValidateRequestParameters"],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const id = stableId([api.id, resource.logicalId], 6, "alnum");
      const { ValidateRequestBody: body, ValidateRequestParameters: parameters } = resource.properties;
      api.validators.set(id, {
        id,
        name: optionalString(resource, "Name") ?? resource.logicalId,
        validateRequestBody: optionalBoolean(resource, "ValidateRequestBody", body) ?? false,
        validateRequestParameters:
          optionalBoolean(resource, "ValidateRequestParameters", parameters) ?? false,
      });
      return { ref: id, attributes: { RequestValidatorId: id } };
    },
  };
}

export function deploymentProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::Deployment",
    properties: ["RestApiId", "Description", "StageName"],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const id = stableId([api.id, resource.logicalId], 6, "alnum");
      api.deployments.add(id);
      const stageName = optionalString(resource, "StageName");
      if (stageName !== undefined) {
        addStage(api, resource, { name: stageName, deploymentId: id, variables: {} });
      }
      return { ref: id, attributes: { DeploymentId: id } };
    },
  };
}

export function stageProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::Stage",
    properties: [
      "RestApiId",
      "StageName",
      "DeploymentId",
      "Variables",
      "Description",
      "AccessLogSetting",
      "MethodSettings",
      "TracingEnabled",
      "Tags",
    ],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const name = requiredString(resource, "StageName");
      const deploymentId = optionalString(resource, "DeploymentId");
      addStage(api, resource, {
        name,
        ...(deploymentId === undefined ? {} : { deploymentId }),
        variables: stringMap(resource, "Variables", resource.properties.Variables),
      });
      reportMethodSettings(state, resource);
      if (resource.properties.AccessLogSetting !== undefined) {
        state.reportUnsupported({
          kind: "property",
          name: "AWS::ApiGateway::Stage.AccessLogSetting",
          where: where(resource),
          detail:
            "access logs are not written locally (each request's execution lines are printed with its request id)",
        });
      }
      if (resource.properties.TracingEnabled === true) {
        state.reportUnsupported({
          kind: "property",
          name: "AWS::ApiGateway::Stage.TracingEnabled",
          where: where(resource),
          detail: "no X-Ray traces locally",
        });
      }
      return { ref: name };
    },
  };
}

/** Stage throttling and response caching are not applied locally (logging and metrics have nothing to do). */
const NOT_APPLIED = ["ThrottlingRateLimit", "ThrottlingBurstLimit", "CachingEnabled"];

function reportMethodSettings(state: ApiGatewayState, resource: ResolvedResource): void {
  const settings = Array.isArray(resource.properties.MethodSettings)
    ? resource.properties.MethodSettings
    : [];
  for (const setting of settings as unknown[]) {
    const record = (typeof setting === "object" && setting !== null ? setting : {}) as Record<
      string,
      unknown
    >;
    for (const key of NOT_APPLIED.filter((k) => record[k] !== undefined && record[k] !== false)) {
      state.reportUnsupported({
        kind: "property",
        name: `AWS::ApiGateway::Stage.MethodSettings.${key}`,
        where: where(resource),
        detail: "stage and method throttling and caching are not applied locally (usage plan limits are)",
      });
    }
  }
}

function addStage(api: RestApi, resource: ResolvedResource, stage: Stage): void {
  if (api.stages.has(stage.name)) {
    throw new AccountmeshError(
      "API_GATEWAY_DUPLICATE_STAGE",
      `${where(resource)}: stage ${stage.name} already exists on REST API ${api.id}.`,
      { where: where(resource), stage: stage.name, apiId: api.id },
    );
  }
  api.stages.set(stage.name, stage);
}

/** The account-level CloudWatch role: inert locally (logs stay on the machine). */
export function accountProvider(): ResourceProvider {
  return {
    type: "AWS::ApiGateway::Account",
    properties: ["CloudWatchRoleArn"],
    async create(resource) {
      return {
        ref: stableId([resource.stack.account, resource.stack.region, "apigateway-account"], 10, "alnum"),
      };
    },
  };
}
