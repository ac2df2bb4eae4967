// Test support for the integration request and response steps on their own: a REST API written as
// CloudFormation resources (one MOCK or AWS method on /things/{id}, stage `prod` with variables),
// built by the real providers, and the step input a request to it yields through the real
// resolveEndpoint and routeRequest steps.
import type { TemplateIntegration } from "../api-gateway-state.js";
import { buildApi, executeApiHost, publicRequest } from "../rest-api.test-support.js";
import { parseInvocationRequest } from "./invocation-request.js";
import type { ProxyEventInput } from "./proxy-event.js";
import { resolveEndpoint } from "./resolve-endpoint.js";
import { routeRequest } from "./route-request.js";
import { method, ROOT, restApi } from "./service-integration.test-support.js";

export const STAGE_VARIABLES = { table: "things", region: "eu-west-1" };

export interface StepUnderTest {
  readonly integration: TemplateIntegration;
  readonly input: ProxyEventInput;
}

/**
 * The integration of `GET|POST /things/{id}` (MOCK unless `integration.Type` says otherwise) and the
 * input of the integrate step for a request to `url` (under the stage, e.g. `/prod/things/7?x=1`).
 */
export async function stepUnderTest(
  integration: Record<string, unknown>,
  url: string,
  request: Parameters<typeof publicRequest>[2] = {},
): Promise<StepUnderTest> {
  const resources = restApi({
    ...method("Things", ROOT, "things", "ANY", { Type: "MOCK" }),
    ...method("Thing", { Ref: "ThingsResource" }, "{id}", "ANY", { Type: "MOCK", ...integration }),
  });
  const { Properties } = resources.Stage;
  const { state, apiId } = await buildApi({
    ...resources,
    Stage: { ...resources.Stage, Properties: { ...Properties, Variables: STAGE_VARIABLES } },
  });
  const local = publicRequest(executeApiHost(apiId), url, request);
  const parsed = parseInvocationRequest(local);
  const target = resolveEndpoint(state, parsed, local, "public");
  const route = routeRequest(target.api, parsed.method, target.apiPath);
  if (route === undefined) throw new Error(`no route for ${parsed.method} ${url}`);
  const { integration: built } = route.method;
  if (built.type !== "MOCK" && built.type !== "AWS")
    throw new Error(`not a template integration: ${built.type}`);
  return {
    integration: built,
    input: {
      target,
      route,
      parsed,
      request: local,
      caller: { principal: { kind: "anonymous" } },
      ids: { requestId: "11111111-2222-3333-4444-555555555555", extendedRequestId: "AbCdEfGhIjKlMnO=" },
      now: new Date(Date.UTC(2024, 2, 5, 10, 11, 12)),
    },
  };
}
