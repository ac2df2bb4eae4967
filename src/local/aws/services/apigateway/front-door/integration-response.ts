// The integration response of a non-proxy integration (API Gateway developer guide, "Integration
// responses"): the response whose selection pattern matches — a regular expression matched against
// the whole endpoint status code, or a Lambda function error's errorMessage — else the default one
// (no pattern); none: API Gateway's 500 "No match for output mapping and no default output mapping
// configured". Then the method response headers from responseParameters, the response template
// chosen by the client's Accept (else application/json, else the first), rendered with the
// endpoint's body as $input, and the template's $context.responseOverride (status 100–599, headers).
import type { LocalResponse } from "../../../../http/http-types.js";
import type { IntegrationResponse, TemplateIntegration } from "../api-gateway-state.js";
import type { EndpointResponse } from "./aws-endpoint-call.js";
import { internalServerError } from "./gateway-error.js";
import { parameterSource, render } from "./integration-request.js";
import { mediaType } from "./invocation-request.js";
import type { ProxyEventInput } from "./proxy-event.js";
import { methodRequestParameters, templateContext } from "./template-context.js";

export function selectIntegrationResponse(
  responses: readonly IntegrationResponse[],
  selectionValue: string,
  endpointStatus: number,
): IntegrationResponse {
  const matched = responses.find((response) => {
    if (response.selectionPattern === undefined) return false;
    try {
      // Matched whole; `.` does not match a newline (API_IntegrationResponse, selectionPattern:
      // an error message with a newline is not matched by `.+`).
      return new RegExp(`^(?:${response.selectionPattern})$`).test(selectionValue);
    } catch {
      return false;
    }
  });
  const chosen = matched ?? responses.find((response) => response.selectionPattern === undefined);
  if (chosen === undefined) {
    throw internalServerError(
      500,
      `Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpointStatus}`,
    );
  }
  return chosen;
}

export function mapIntegrationResponse(
  integration: TemplateIntegration,
  endpoint: EndpointResponse,
  input: ProxyEventInput,
): LocalResponse {
  const chosen = selectIntegrationResponse(integration.responses, endpoint.selectionValue, endpoint.status);
  const context = templateContext(input);
  const headers: Record<string, string> = {};
  for (const [destination, source] of Object.entries(chosen.responseParameters)) {
    const name = /^method\.response\.header\.(.+)$/.exec(destination)?.[1];
    if (name === undefined) continue;
    const value = parameterSource(source, {
      method: methodRequestParameters(input),
      context,
      payload: input.request.body.toString("utf8"),
      stageVariables: input.target.stage.variables,
      response: { header: endpoint.header, body: endpoint.body },
    });
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const [contentType, template] = responseTemplate(chosen, input);
  const body =
    template === undefined ? endpoint.body : render(template, context, input, endpoint.body, "response");
  let status = chosen.statusCode;
  const override = Number(context.responseOverride.status);
  if (Number.isInteger(override) && override >= 100 && override <= 599) status = override;
  for (const [name, value] of Object.entries(context.responseOverride.header))
    headers[name.toLowerCase()] = String(value);
  return { status, headers: { "content-type": contentType, ...headers }, body };
}

function responseTemplate(chosen: IntegrationResponse, input: ProxyEventInput): [string, string | undefined] {
  const templates = chosen.responseTemplates;
  const accepts = (input.request.headers.accept ?? []).flatMap((value) => value.split(",")).map(mediaType);
  const accepted = accepts.find((type) => templates.has(type));
  if (accepted !== undefined) return [accepted, templates.get(accepted)];
  if (templates.has("application/json")) return ["application/json", templates.get("application/json")];
  const first = templates.entries().next().value;
  return first === undefined ? ["application/json", undefined] : first;
}
