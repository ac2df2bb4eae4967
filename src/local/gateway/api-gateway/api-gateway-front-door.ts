// The API Gateway (REST) front door: a request runs through AWS's phases as named steps —
// resolveEndpoint, checkEndpointType, routeRequest, authenticateCaller, authorizeResourcePolicy,
// the method's own checks, validateRequest, integrate, mapResponse — and any failure becomes an
// AWS-shaped gateway response.
import type { ApiGatewayState } from "../../aws/services/apigateway/api-gateway-state.js";
import type { LocalHandler, LocalRequest, LocalResponse } from "../http-types.js";
import { RandomBytesPool } from "../random-bytes-pool.js";
import { authenticateCaller, authorizeResourcePolicy } from "./authorize-resource-policy.js";
import { checkEndpointType } from "./check-endpoint-type.js";
import type { ApiGatewayDeps } from "./deps.js";
import { forbidden, internalServerError, missingAuthenticationToken } from "./gateway-error.js";
import { gatewayResponses, withGatewayHeaders } from "./gateway-responses.js";
import { invokeLambdaProxy } from "./integrate.js";
import { parseInvocationRequest } from "./invocation-request.js";
import { mapMockResponse, mapProxyResponse } from "./map-response.js";
import { buildProxyEvent, type ProxyEventInput } from "./proxy-event.js";
import { newRequestIds } from "./request-ids.js";
import { type Arrival, resolveEndpoint } from "./resolve-endpoint.js";
import { type Route, routeRequest } from "./route-request.js";
import { validateRequest } from "./validate-request.js";

export interface ApiGatewayFrontDoor {
  /** Requests that arrived through an execute-api interface VPC endpoint (source.vpceId set). */
  readonly privateEndpoint: LocalHandler;
  /** The public execute-api host names and custom domains; PRIVATE APIs answer 403 Forbidden here. */
  readonly publicEndpoint: LocalHandler;
}

export function createApiGatewayFrontDoor(state: ApiGatewayState, deps: ApiGatewayDeps): ApiGatewayFrontDoor {
  const random = new RandomBytesPool();
  const handle = async (request: LocalRequest, arrival: Arrival): Promise<LocalResponse> => {
    const ids = newRequestIds(random);
    let apiId: string | undefined;
    try {
      const now = deps.clock?.() ?? new Date();
      const parsed = parseInvocationRequest(request);
      const target = resolveEndpoint(state, parsed, request, arrival);
      apiId = target.api.id;
      checkEndpointType(target, request, arrival);
      const route = routeRequest(target.api, parsed.method, target.apiPath);
      const caller = authenticateCaller(route, request, deps.callers);
      authorizeResourcePolicy(deps.authorizer, {
        target,
        route,
        method: parsed.method,
        caller,
        request,
        now,
      });
      if (route === undefined) {
        throw missingAuthenticationToken(
          `no method ${parsed.method} ${target.apiPath} on REST API ${target.api.id}`,
        );
      }
      checkMethodSetup(route);
      validateRequest(target.api, route, parsed, request);
      const response = await integrate(deps, { target, route, parsed, request, caller, ids, now });
      return withGatewayHeaders(response, ids);
    } catch (error) {
      return gatewayResponses(error, ids, deps.log, apiId);
    }
  };
  return {
    privateEndpoint: (request) => handle(request, "private"),
    publicEndpoint: (request) => handle(request, "public"),
  };
}

/** The integration request and response: Lambda proxy (event → invoke → mapResponse) or static MOCK. */
async function integrate(deps: ApiGatewayDeps, input: ProxyEventInput): Promise<LocalResponse> {
  const { integration } = input.route.method;
  switch (integration.type) {
    case "AWS_PROXY": {
      const event = buildProxyEvent(input);
      const { target, route } = input;
      const payload = await invokeLambdaProxy(deps, integration, {
        target,
        route,
        event,
        requestId: input.ids.requestId,
      });
      return mapProxyResponse(payload, target.api, input.request);
    }
    case "MOCK":
      return mapMockResponse(integration.statusCode, integration.responses);
    case "UNSUPPORTED":
      throw internalServerError(500, `integration not supported locally: ${integration.description}`);
  }
}

/** What the method itself requires beyond authorization, for features not emulated (fail closed). */
function checkMethodSetup(route: Route): void {
  if (route.method.authorizationType === "UNSUPPORTED") {
    throw internalServerError(
      500,
      `authorizer of ${route.method.httpMethod} ${route.resource.path} is not supported locally`,
    );
  }
  if (route.method.apiKeyRequired) {
    throw forbidden(
      `${route.method.httpMethod} ${route.resource.path} requires an API key (not emulated locally)`,
    );
  }
}
