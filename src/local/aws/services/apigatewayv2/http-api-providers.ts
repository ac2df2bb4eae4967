// Resource providers of HTTP APIs (AWS::ApiGatewayV2::*): the API, its routes, integrations, stages and
// deployments, and VPC links (v2), whose network interfaces sit in the link's subnets. WebSocket APIs,
// authorizers and non-NONE route authorization are reported by name, never silently ignored.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  notRunnableLocally,
  optionalText,
  requiredText,
  resourceLabel,
  textList,
  wholeNumber,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { NetworkState } from "../../../network/network-state.js";
import type { HttpApiState, HttpIntegration } from "./http-api-state.js";
import { parseRouteKey } from "./route-selection.js";

const MAX_TIMEOUT_MS = 30_000;

function id(resource: ResolvedResource, length = 10): string {
  const { account, region, stackName } = resource.stack;
  return stableId([account, region, stackName, resource.logicalId], length, "alnum");
}

function fail(resource: ResolvedResource, code: string, message: string): AccountmeshError {
  return new AccountmeshError(code, `${resourceLabel(resource)}: ${message}`, {
    resource: resourceLabel(resource),
  });
}

export function createHttpApiProviders(state: HttpApiState, network: NetworkState): ResourceProvider[] {
  return [
    {
      type: "AWS::ApiGatewayV2::Api",
      properties: [
        "Name",
        "ProtocolType",
        "Description",
        "DisableExecuteApiEndpoint",
        "CorsConfiguration",
        "Tags",
      ],
      async create(resource) {
        const protocol = optionalText(resource, "ProtocolType") ?? "HTTP";
        if (protocol !== "HTTP") {
          throw fail(
            resource,
            "APIGATEWAYV2_UNSUPPORTED_PROTOCOL",
            `ProtocolType ${protocol} is not run locally (HTTP APIs are; WebSocket APIs are not).`,
          );
        }
        if (resource.properties.CorsConfiguration !== undefined) {
          state.report({
            kind: "property",
            name: "AWS::ApiGatewayV2::Api.CorsConfiguration",
            where: resourceLabel(resource),
            count: 1,
            detail: "CORS preflight answers are not generated locally",
          });
        }
        const apiId = id(resource);
        const { account, region } = resource.stack;
        state.apis.set(apiId, {
          id: apiId,
          name: optionalText(resource, "Name") ?? resource.logicalId,
          account,
          region,
          disableExecuteApiEndpoint:
            resource.properties.DisableExecuteApiEndpoint === true ||
            resource.properties.DisableExecuteApiEndpoint === "true",
          routes: [],
          integrations: new Map(),
          stages: new Map(),
        });
        return {
          ref: apiId,
          attributes: { ApiId: apiId, ApiEndpoint: `https://${apiId}.execute-api.${region}.amazonaws.com` },
        };
      },
    },
    {
      type: "AWS::ApiGatewayV2::Route",
      properties: ["ApiId", "RouteKey", "Target", "AuthorizationType", "OperationName", "ApiKeyRequired"],
      async create(resource) {
        const api = state.api(requiredText(resource, "ApiId"), resourceLabel(resource));
        const routeKey = parseRouteKey(requiredText(resource, "RouteKey"));
        if (typeof routeKey === "string") {
          throw fail(resource, "APIGATEWAYV2_INVALID_ROUTE_KEY", `${routeKey}.`);
        }
        const authorization = optionalText(resource, "AuthorizationType") ?? "NONE";
        if (authorization !== "NONE") {
          // Not enforced locally: the route is left out (requests get 404), never served open.
          throw notRunnableLocally(
            resource,
            "APIGATEWAYV2_UNSUPPORTED_AUTHORIZATION",
            `${resourceLabel(resource)}: AuthorizationType ${authorization} is not enforced locally yet (NONE is); the route is left out rather than served open.`,
          );
        }
        const target = optionalText(resource, "Target");
        const integrationId = target?.replace(/^integrations\//, "");
        if (target !== undefined && integrationId === target) {
          throw fail(
            resource,
            "APIGATEWAYV2_INVALID_TARGET",
            `Target must be "integrations/<IntegrationId>"; received $JSON.stringify(target).`,
          );
        }
        const routeId = id(resource, 7);
        api.routes.push({ id: routeId, routeKey, integrationId });
        return { ref: routeId, attributes: { RouteId: routeId } };
      },
    },
    {
      type: "AWS::ApiGatewayV2::Integration",
      properties: [
        "ApiId",
        "IntegrationType",
        "IntegrationUri",
        "IntegrationMethod",
        "ConnectionType",
        "ConnectionId",
        "PayloadFormatVersion",
        "TimeoutInMillis",
        "RequestParameters",
        "Description",
      ],
      async create(resource) {
        const api = state.api(requiredText(resource, "ApiId"), resourceLabel(resource));
        const integration = readIntegration(resource);
        for (const key of Object.keys(integration.requestParameters))
          if (key !== "overwrite:path") {
            state.report({
              kind: "property",
              name: `AWS::ApiGatewayV2::Integration.RequestParameters.${key}`,
              where: resourceLabel(resource),
              count: 1,
              detail: "only overwrite:path is applied locally",
            });
          }
        api.integrations.set(integration.id, integration);
        return { ref: integration.id, attributes: { IntegrationId: integration.id } };
      },
    },
    {
      type: "AWS::ApiGatewayV2::Stage",
      properties: [
        "ApiId",
        "StageName",
        "AutoDeploy",
        "DeploymentId",
        "Description",
        "DefaultRouteSettings",
        "AccessLogSettings",
        "Tags",
      ],
      async create(resource) {
        const api = state.api(requiredText(resource, "ApiId"), resourceLabel(resource));
        const name = requiredText(resource, "StageName");
        const autoDeploy =
          resource.properties.AutoDeploy === true || resource.properties.AutoDeploy === "true";
        api.stages.set(name, {
          name,
          deployed: autoDeploy || optionalText(resource, "DeploymentId") !== undefined,
        });
        return { ref: name, attributes: {} };
      },
    },
    {
      type: "AWS::ApiGatewayV2::Deployment",
      properties: ["ApiId", "StageName", "Description"],
      async create(resource) {
        const api = state.api(requiredText(resource, "ApiId"), resourceLabel(resource));
        const stage = optionalText(resource, "StageName");
        const existing = stage === undefined ? undefined : api.stages.get(stage);
        if (existing !== undefined) api.stages.set(existing.name, { ...existing, deployed: true });
        const deploymentId = id(resource, 6);
        return { ref: deploymentId, attributes: { DeploymentId: deploymentId } };
      },
    },
    {
      type: "AWS::ApiGatewayV2::VpcLink",
      properties: ["Name", "SubnetIds", "SecurityGroupIds", "Tags"],
      async create(resource) {
        const linkId = id(resource, 6);
        const subnets = textList(resource, "SubnetIds");
        const vpcId = network.subnets.get(subnets[0] ?? "")?.vpcId;
        if (vpcId === undefined) {
          throw fail(
            resource,
            "APIGATEWAYV2_VPC_LINK_SUBNETS",
            `SubnetIds must name subnets of a local VPC; received ${JSON.stringify(subnets)}.`,
          );
        }
        const { account, region } = resource.stack;
        const sourceIps = subnets.map(
          (subnetId) =>
            network.addInterface(subnetId, { kind: "vpc-link", id: linkId }, account, `VPC Link ${linkId}`)
              .privateIp,
        );
        state.vpcLinks.set(linkId, { id: linkId, account, region, vpcId, sourceIps });
        return { ref: linkId, attributes: { VpcLinkId: linkId } };
      },
    },
  ];
}

function readIntegration(resource: ResolvedResource): HttpIntegration {
  const type = requiredText(resource, "IntegrationType");
  if (type !== "HTTP_PROXY" && type !== "AWS_PROXY") {
    throw fail(
      resource,
      "APIGATEWAYV2_UNSUPPORTED_INTEGRATION",
      `IntegrationType ${type} is not run locally (HTTP_PROXY and AWS_PROXY are).`,
    );
  }
  const connectionType = optionalText(resource, "ConnectionType") ?? "INTERNET";
  if (connectionType !== "INTERNET" && connectionType !== "VPC_LINK") {
    throw fail(
      resource,
      "APIGATEWAYV2_INVALID_CONNECTION",
      `ConnectionType must be INTERNET or VPC_LINK; received ${connectionType}.`,
    );
  }
  const version = optionalText(resource, "PayloadFormatVersion") ?? (type === "HTTP_PROXY" ? "1.0" : "2.0");
  if (version !== "1.0" && version !== "2.0") {
    throw fail(
      resource,
      "APIGATEWAYV2_INVALID_PAYLOAD_FORMAT",
      `PayloadFormatVersion must be 1.0 or 2.0; received ${version}.`,
    );
  }
  if (type === "HTTP_PROXY" && version !== "1.0") {
    // AWS: "HTTP_PROXY integrations support only payload format version 1.0".
    throw fail(
      resource,
      "APIGATEWAYV2_INVALID_PAYLOAD_FORMAT",
      "HTTP_PROXY integrations take PayloadFormatVersion 1.0 only.",
    );
  }
  const timeoutMs = wholeNumber(resource, "TimeoutInMillis") ?? MAX_TIMEOUT_MS;
  if (timeoutMs < 50 || timeoutMs > MAX_TIMEOUT_MS) {
    throw fail(
      resource,
      "APIGATEWAYV2_INVALID_TIMEOUT",
      `TimeoutInMillis must be between 50 and 30000; received ${timeoutMs}.`,
    );
  }
  const connectionId = optionalText(resource, "ConnectionId");
  if (connectionType === "VPC_LINK" && connectionId === undefined) {
    throw fail(
      resource,
      "APIGATEWAYV2_INVALID_CONNECTION",
      "ConnectionType VPC_LINK needs ConnectionId (the VpcLink's id).",
    );
  }
  const parameters = resource.properties.RequestParameters ?? {};
  return {
    id: id(resource, 7),
    type,
    uri: requiredText(resource, "IntegrationUri"),
    method: optionalText(resource, "IntegrationMethod") ?? "ANY",
    connectionType,
    connectionId,
    payloadFormatVersion: version,
    timeoutMs,
    requestParameters: Object.fromEntries(
      Object.entries(parameters as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    ),
  };
}
