// API Gateway (REST APIs): the APIs, stages, custom domains and models of the templates, and the front
// door that serves them — through the interface endpoints of `com.amazonaws.<region>.execute-api`
// (private APIs), at the public `<apiId>.execute-api.<region>.amazonaws.com` names and public custom
// domains, and on a direct loopback port per public API (public-endpoints.ts).
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createApiGatewayProviders } from "./api-gateway-providers.js";
import { ApiGatewayState } from "./api-gateway-state.js";
import { createApiGatewayService } from "./apigateway-service.js";
import { createApiGatewayFrontDoor } from "./front-door/api-gateway-front-door.js";
import { executeApiCallers } from "./front-door/execute-api-callers.js";
import { type PublicRestApiEndpoints, servePublicRestApis } from "./public-endpoints.js";

const PUBLIC_EXECUTE_API = /^[a-z0-9]{10}\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;

export const apiGatewayPlugin: ServicePlugin = {
  name: "apigateway",
  start(platform) {
    const state = new ApiGatewayState();
    const door = createApiGatewayFrontDoor(state, {
      authorizer: platform.authorizer,
      aws: platform.aws,
      callers: executeApiCallers(platform.callers),
      trustPolicy: (roleArn) => platform.iam.role(roleArn)?.assumeRolePolicy,
      onServerError: platform.onServerError,
    });
    const regions = [...new Set(platform.model.stacks.map((stack) => stack.region))];
    for (const region of regions) {
      platform.frontDoors.serveEndpointService(`com.amazonaws.${region}.execute-api`, {
        handler: door.privateEndpoint,
        tlsNames: () => [
          `*.execute-api.${region}.vpce.amazonaws.com`,
          `*.execute-api.${region}.amazonaws.com`,
        ],
      });
    }
    platform.frontDoors.servePublic({
      name: "API Gateway (public execute-api names)",
      matches: (host) => regions.includes(PUBLIC_EXECUTE_API.exec(host)?.[1] ?? ""),
      port: 443,
      tlsNames: regions.map((region) => `*.execute-api.${region}.amazonaws.com`),
      handler: door.publicEndpoint,
    });
    let publicApis: PublicRestApiEndpoints | undefined;
    return {
      providers: createApiGatewayProviders(state),
      api: createApiGatewayService({ authorizer: platform.authorizer, state }),
      inertTypes: { "AWS::ApiGateway::Account": "API Gateway's CloudWatch role: no CloudWatch locally" },
      ready() {
        publicApis = servePublicRestApis(platform.frontDoors, state, door.publicEndpoint);
        // AWS publishes `<apiId>-<vpceId>.execute-api.<region>.amazonaws.com` for every endpoint a
        // private API is associated with: the way to call it from inside the VPC when private DNS is off.
        for (const api of state.restApis()) {
          for (const vpceId of api.vpcEndpointIds) {
            const endpoint = platform.network.endpoints.get(vpceId);
            if (endpoint !== undefined) {
              platform.network.publishName(
                `${api.id}-${vpceId}.execute-api.${api.region}.amazonaws.com`,
                endpoint.networkInterfaceIds,
              );
            }
          }
        }
      },
      unsupported: () => state.unsupported(),
      endpoints: () => ({
        restApis: Object.fromEntries(
          [...state.restApis()].map((api) => [`${api.account}/${api.name}`, api.id]),
        ),
        ...publicApis?.endpoints(),
      }),
    };
  },
};
