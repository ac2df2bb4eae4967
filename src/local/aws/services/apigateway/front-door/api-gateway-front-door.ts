// The API Gateway (REST) front door: a request runs through AWS's phases as named steps —
// resolveEndpoint (custom domain or API id, stage, endpoint type), routeRequest, authorizeRequest
// (caller, resource policy, Lambda authorizer), meterApiKey (API key, usage plan throttle and quota),
// validateRequest (method setup, parameters, body model), integrate (integration request and
// response) — and any failure becomes an AWS-shaped gateway response.

import type { LocalHandler, LocalRequest, LocalResponse } from "../../../../http/http-types.js";
import { pipeline } from "../../../../http/pipeline.js";
import { RandomBytesPool } from "../../../../http/random-bytes-pool.js";
import type { Caller } from "../../../../iam/types.js";
import type { ApiGatewayState } from "../api-gateway-state.js";
import { ApiKeyMeter, type MeteredKey } from "./api-key-meter.js";
import { authenticateCaller, authorizeResourcePolicy } from "./authorize-resource-policy.js";
import { callAwsTarget } from "./aws-endpoint-call.js";
import { checkEndpointType } from "./check-endpoint-type.js";
import type { ApiGatewayDeps } from "./deps.js";
import {
  GatewayError,
  integrationTimeout,
  internalServerError,
  missingAuthenticationToken,
} from "./gateway-error.js";
import { gatewayResponses, withGatewayHeaders } from "./gateway-responses.js";
import { invokeLambdaProxy, withTimeout } from "./integrate.js";
import { buildIntegrationRequest } from "./integration-request.js";
import { mapIntegrationResponse } from "./integration-response.js";
import { type InvocationRequest, parseInvocationRequest } from "./invocation-request.js";
import { type AuthorizerOutcome, LambdaAuthorizers } from "./lambda-authorizer.js";
import { mapProxyResponse } from "./map-response.js";
import { buildProxyEvent, type ProxyEventInput } from "./proxy-event.js";
import { newRequestIds, type RequestIds } from "./request-ids.js";
import { type ApiTarget, type Arrival, resolveEndpoint } from "./resolve-endpoint.js";
import { type Route, routeRequest } from "./route-request.js";
import { validateRequest } from "./validate-request.js";

export interface ApiGatewayFrontDoor {
  /** Requests that arrived through an execute-api interface VPC endpoint (source.vpceId set). */
  readonly privateEndpoint: LocalHandler;
  /** The public execute-api host names and custom domains; PRIVATE APIs answer 403 Forbidden here. */
  readonly publicEndpoint: LocalHandler;
}

interface GatewayExchange {
  readonly request: LocalRequest;
  readonly arrival: Arrival;
  readonly ids: RequestIds;
  readonly now: Date;
  parsed?: InvocationRequest;
  target?: ApiTarget;
  route?: Route;
  caller?: Caller;
  authorizer?: AuthorizerOutcome;
  apiKey?: MeteredKey;
}

export function createApiGatewayFrontDoor(state: ApiGatewayState, deps: ApiGatewayDeps): ApiGatewayFrontDoor {
  const random = new RandomBytesPool();
  const lambdaAuthorizers = new LambdaAuthorizers(deps);
  const apiKeys = new ApiKeyMeter(state);
  const door = (arrival: Arrival) =>
    pipeline<GatewayExchange>({
      door: (x) => `API Gateway${x.target === undefined ? "" : ` ${x.target.api.id}`}`,
      begin: (request) => ({
        request,
        arrival,
        ids: newRequestIds(random),
        now: deps.clock?.() ?? new Date(),
      }),
      steps: [
        {
          name: "resolveEndpoint",
          run(x) {
            x.parsed = parseInvocationRequest(x.request);
            x.target = resolveEndpoint(state, x.parsed, x.request, x.arrival);
            checkEndpointType(x.target, x.request, x.arrival);
          },
        },
        {
          name: "routeRequest",
          run(x) {
            x.route = routeRequest(
              required(x.target).api,
              required(x.parsed).method,
              required(x.target).apiPath,
            );
          },
        },
        {
          name: "authorizeRequest",
          async run(x) {
            const target = required(x.target);
            const parsed = required(x.parsed);
            x.caller = authenticateCaller(x.route, x.request, deps.callers, {
              now: x.now,
              region: target.api.region,
            });
            if (x.route?.method.authorizationType === "CUSTOM") {
              x.authorizer = await lambdaAuthorizers.authorize(
                {
                  target,
                  route: x.route,
                  parsed,
                  request: x.request,
                  caller: x.caller,
                  ids: x.ids,
                  now: x.now,
                },
                x.route.method.authorizerId,
              );
              return undefined;
            }
            authorizeResourcePolicy(deps.authorizer, {
              target,
              route: x.route,
              method: parsed.method,
              caller: x.caller,
              request: x.request,
              now: x.now,
            });
            if (x.route === undefined) {
              throw missingAuthenticationToken(
                `no method ${parsed.method} ${target.apiPath} on REST API ${target.api.id}`,
              );
            }
            return undefined;
          },
        },
        {
          name: "meterApiKey",
          run(x) {
            x.apiKey = apiKeys.meter({
              target: required(x.target),
              route: required(x.route),
              request: x.request,
              now: x.now,
              ...(x.authorizer?.usageIdentifierKey === undefined
                ? {}
                : { usageIdentifierKey: x.authorizer.usageIdentifierKey }),
            });
            return undefined;
          },
        },
        {
          name: "validateRequest",
          run(x) {
            const route = required(x.route);
            checkMethodSetup(route);
            validateRequest(required(x.target).api, route, required(x.parsed), x.request);
          },
        },
        {
          name: "integrate",
          run: (x) =>
            integrate(deps, {
              target: required(x.target),
              route: required(x.route),
              parsed: required(x.parsed),
              request: x.request,
              caller: required(x.caller),
              ids: x.ids,
              now: x.now,
              ...(x.authorizer === undefined ? {} : { authorizer: x.authorizer.context }),
              ...(x.apiKey === undefined ? {} : { apiKey: x.apiKey }),
            }),
        },
      ],
      finish: (response, x) => withGatewayHeaders(response, x.ids),
      fail: (error, x) => gatewayResponses(error, x.ids, deps.log, x.target?.api.id),
      describe: (error) =>
        error instanceof GatewayError ? (error.logMessage ?? error.body) : describeUnexpected(error),
      requestId: (x) => x.ids.requestId,
      ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
    });
  return { privateEndpoint: door("private"), publicEndpoint: door("public") };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("front door step ran before the step that provides its input");
  return value;
}

function describeUnexpected(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The integration request and response: Lambda proxy (event → invoke → mapResponse) or static MOCK. */
async function integrate(deps: ApiGatewayDeps, input: ProxyEventInput): Promise<LocalResponse> {
  const { integration } = input.route.method;
  switch (integration.type) {
    case "AWS_PROXY": {
      const event = buildProxyEvent(input);
      const { target, route } = input;
      const payload = await invokeLambdaProxy(deps.aws, integration, {
        target,
        route,
        event,
        requestId: input.ids.requestId,
      });
      return mapProxyResponse(payload, target.api, input.request);
    }
    case "MOCK": {
      // API Gateway's mock: the status code the rendered request template names, no payload
      // (`$input.body` of the response template is `{}`), then the integration responses.
      const request = buildIntegrationRequest(integration, input);
      const status = mockStatusCode(request.body);
      return mapIntegrationResponse(
        integration,
        { status, header: {}, body: "", selectionValue: String(status) },
        input,
      );
    }
    case "AWS": {
      const request = buildIntegrationRequest(integration, input);
      const endpoint = await withTimeout(
        callAwsTarget(deps, integration, request, {
          target: input.target,
          route: input.route,
          method: input.parsed.method,
          requestId: input.ids.requestId,
        }),
        integration.timeoutMs,
      );
      if (endpoint === "timed-out") {
        throw integrationTimeout(`Execution failed due to a timeout error after ${integration.timeoutMs} ms`);
      }
      return mapIntegrationResponse(integration, endpoint, input);
    }
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
}

/** `{"statusCode": 200}` — or CDK's CORS preflight `{ statusCode: 200 }` — names the mock's status (default 200). */
function mockStatusCode(rendered: string): number {
  const code = /["']?statusCode["']?\s*:\s*["']?(\d{3})/.exec(rendered)?.[1];
  return code === undefined ? 200 : Number(code);
}
