// Test support for Lambda authorizers: a REST API whose `GET /items` and `GET /items/{id}` are CUSTOM
// methods of the authorizer `Auth`, behind the real front door (real Lambda Invoke and policy
// evaluation); each test gives the authorizer function's answer.
import { inject } from "vitest";
import type { LocalRequest } from "../../../../http/http-types.js";
import {
  executeApiHost,
  lambdaProxy,
  publicRequest,
  TEST_ACCOUNT,
  TEST_REGION,
  type TemplateResource,
} from "../rest-api.test-support.js";
import { permissionsFrom } from "./front-door.test-support.js";
import {
  integrationUnderTest,
  method,
  ROOT,
  restApi,
  type TestRole,
} from "./service-integration.test-support.js";

export const fn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`;
const uri = (name: string) =>
  `arn:aws:apigateway:${TEST_REGION}:lambda:path/2015-03-31/functions/${fn(name)}/invocations`;

export type Event = Record<string, unknown>;

/** An authorizer answer allowing (or denying) `resource` (default: the event's own method ARN). */
export function answer(
  event: Event,
  extra: Record<string, unknown> = {},
  effect = "Allow",
  resource?: string,
) {
  return {
    principalId: "user-1",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: effect, Action: "execute-api:Invoke", Resource: resource ?? event.methodArn }],
    },
    ...extra,
  };
}

export interface AuthorizerFixture {
  /** The AWS::ApiGateway::Authorizer properties besides RestApiId, Name and AuthorizerUri. */
  readonly authorizer: Record<string, unknown>;
  /** What the authorizer function returns (or throws) for an event; default: Allow its method ARN. */
  readonly answer?: (event: Event) => unknown;
  /** The RestApi properties (Policy, ApiKeySourceType). */
  readonly api?: Record<string, unknown>;
  /** The Stage's Variables. */
  readonly variables?: Record<string, string>;
  /** Methods' extra properties (ApiKeyRequired). */
  readonly methodProperties?: Record<string, unknown>;
  readonly resources?: Record<string, TemplateResource>;
  readonly roles?: readonly TestRole[];
  /** Grant the authorizer function's resource-based permission to API Gateway (default true). */
  readonly permitAuthorizer?: boolean;
  readonly now?: () => Date;
}

export async function authorizerUnderTest(fixture: AuthorizerFixture) {
  const calls: Event[] = [];
  const custom = {
    AuthorizationType: "CUSTOM",
    AuthorizerId: { Ref: "Auth" },
    ...fixture.methodProperties,
  };
  const resources: Record<string, TemplateResource> = restApi(
    {
      Auth: {
        Type: "AWS::ApiGateway::Authorizer",
        Properties: {
          RestApiId: { Ref: "Api" },
          Name: "auth",
          AuthorizerUri: uri("auth"),
          ...fixture.authorizer,
        },
      },
      ...method("Items", ROOT, "items", "GET", lambdaProxy(fn("items")), custom),
      ...method("Item", { Ref: "ItemsResource" }, "{id}", "GET", lambdaProxy(fn("items")), custom),
      ...fixture.resources,
    },
    fixture.api,
  );
  if (fixture.variables !== undefined) {
    const stage = resources.Stage;
    if (stage !== undefined) {
      resources.Stage = { ...stage, Properties: { ...stage.Properties, Variables: fixture.variables } };
    }
  }
  const api = await integrationUnderTest({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    resources,
    ...(fixture.roles === undefined ? {} : { roles: fixture.roles }),
    ...(fixture.now === undefined ? {} : { clock: fixture.now }),
    handler: async (event) => {
      if (event.type === "TOKEN" || event.type === "REQUEST") {
        calls.push(event);
        return (fixture.answer ?? ((e: Event) => answer(e)))(event);
      }
      return { statusCode: 200, body: JSON.stringify(event.requestContext) };
    },
    permissions: (apiId, refs) =>
      permissionsFrom({
        ...(fixture.permitAuthorizer === false
          ? {}
          : {
              [fn("auth")]: [
                `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/authorizers/${refs.get("Auth")}`,
              ],
            }),
        [fn("items")]: [`arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/*`],
      }),
  });
  const send = (request: LocalRequest) => api.door.publicEndpoint(request);
  const get = (url: string, headers: Record<string, string> = {}, sourceIp?: string) => {
    const request = publicRequest(executeApiHost(api.apiId), url, { headers });
    return send(sourceIp === undefined ? request : { ...request, source: { ...request.source, sourceIp } });
  };
  /** The last execution-log line. */
  const lastLog = () => api.logs.at(-1)?.message;
  return { api, calls, get, lastLog };
}
