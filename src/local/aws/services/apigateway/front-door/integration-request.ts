// The integration request of a non-proxy integration: the request template chosen by the method
// request's Content-Type (application/json when absent) under the passthrough behaviour (API Gateway
// developer guide, "Method request behavior for payloads without mapping templates": WHEN_NO_MATCH
// passes an unmapped payload through, WHEN_NO_TEMPLATES only when no template is defined, NEVER
// never; otherwise 415), rendered with $context/$input/$util/$stageVariables, then the integration
// request parameters mapped ("Parameter mapping source reference for REST APIs") and the template's
// $context.requestOverride applied on top.
import { JSONPath } from "jsonpath-plus";
import type { TemplateIntegration } from "../api-gateway-state.js";
import { templateInput } from "../templates/template-input.js";
import { templateUtil } from "../templates/template-util.js";
import { renderTemplate, vtlString } from "../templates/vtl-renderer.js";
import { internalServerError, unsupportedMediaType } from "./gateway-error.js";
import type { ProxyEventInput } from "./proxy-event.js";
import { methodRequestParameters, type TemplateContext, templateContext } from "./template-context.js";

export interface IntegrationRequest {
  readonly body: string;
  readonly header: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly path: Readonly<Record<string, string>>;
}

export function buildIntegrationRequest(
  integration: TemplateIntegration,
  input: ProxyEventInput,
): IntegrationRequest {
  const payload = input.request.body.toString("utf8");
  const contentType = input.parsed.contentType ?? "application/json";
  const template = integration.requestTemplates.get(contentType);
  const context = templateContext(input);
  let body = payload;
  if (template === undefined) {
    const { passthroughBehavior } = integration;
    if (
      passthroughBehavior === "NEVER" ||
      (passthroughBehavior === "WHEN_NO_TEMPLATES" && integration.requestTemplates.size > 0)
    ) {
      throw unsupportedMediaType(
        `no request template for Content-Type ${contentType} and passthrough behavior ${passthroughBehavior}`,
      );
    }
  } else {
    body = render(template, context, input, payload, "request");
  }
  const mapped = mapRequestParameters(integration.requestParameters, input, context, payload);
  const overrides = context.requestOverride;
  return {
    body,
    header: { ...mapped.header, ...overrides.header },
    querystring: { ...mapped.querystring, ...overrides.querystring },
    path: { ...mapped.path, ...overrides.path },
  };
}

/** Renders a mapping template; a template VTL cannot run is API Gateway's 500 with the cause logged. */
export function render(
  template: string,
  context: TemplateContext,
  input: ProxyEventInput,
  payload: string,
  which: "request" | "response",
): string {
  try {
    return renderTemplate(template, {
      context,
      input: templateInput(payload, methodRequestParameters(input)),
      util: templateUtil,
      stageVariables: { ...input.target.stage.variables },
    });
  } catch (error) {
    throw internalServerError(
      500,
      `Execution failed due to configuration error: the ${which} mapping template failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function mapRequestParameters(
  parameters: Readonly<Record<string, string>>,
  input: ProxyEventInput,
  context: TemplateContext,
  payload: string,
): { header: Record<string, string>; querystring: Record<string, string>; path: Record<string, string> } {
  const out = {
    header: {} as Record<string, string>,
    querystring: {} as Record<string, string>,
    path: {} as Record<string, string>,
  };
  const method = methodRequestParameters(input);
  for (const [destination, source] of Object.entries(parameters)) {
    const [, , location, name] =
      /^(integration)\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\.(.+)$/.exec(
        destination,
      ) ?? [];
    if (location === undefined || name === undefined) continue;
    const value = parameterSource(source, {
      method,
      context,
      payload,
      stageVariables: input.target.stage.variables,
    });
    if (value === undefined) continue;
    const kind =
      location === "multivaluequerystring"
        ? "querystring"
        : location === "multivalueheader"
          ? "header"
          : location;
    out[kind as "header" | "querystring" | "path"][name] = value;
  }
  return out;
}

export interface ParameterSources {
  readonly method: {
    readonly path: Readonly<Record<string, string>>;
    readonly querystring: Readonly<Record<string, string>>;
    readonly header: Readonly<Record<string, string>>;
  };
  readonly context: Readonly<Record<string, unknown>>;
  readonly payload: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** For integration response parameters: the endpoint's response. */
  readonly response?: { readonly header: Readonly<Record<string, string>>; readonly body: string };
}

/**
 * The value of a mapping source: `'literal'`, `method.request.{path|querystring|header}.<name>`,
 * `method.request.body[.<JSONPath>]`, `integration.response.header.<name>`,
 * `integration.response.body[.<JSONPath>]`, `context.<name>`, `stageVariables.<name>`.
 */
export function parameterSource(source: string, from: ParameterSources): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal !== null) return literal[1];
  const method =
    /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(source);
  if (method !== null) {
    const kind = method[1]?.replace("multivalue", "") as "path" | "querystring" | "header";
    const name = method[2] ?? "";
    const map = from.method[kind];
    const key =
      kind === "header" ? Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase()) : name;
    return key === undefined ? undefined : map[key];
  }
  const body = /^(method\.request|integration\.response)\.body(?:\.(.+))?$/.exec(source);
  if (body !== null) {
    const text = body[1] === "method.request" ? from.payload : (from.response?.body ?? "");
    return body[2] === undefined ? text : jsonPathValue(text, `$.${body[2]}`);
  }
  const header = /^integration\.response\.header\.(.+)$/.exec(source);
  if (header !== null) {
    const name = (header[1] ?? "").toLowerCase();
    return from.response?.header[name];
  }
  const context = /^context\.(.+)$/.exec(source);
  if (context !== null) {
    let value: unknown = from.context;
    for (const part of (context[1] ?? "").split("."))
      value = (value as Record<string, unknown> | undefined)?.[part];
    return value === undefined || value === null ? undefined : vtlString(value);
  }
  const stage = /^stageVariables\.(.+)$/.exec(source);
  if (stage !== null) return from.stageVariables[stage[1] ?? ""];
  return undefined;
}

function jsonPathValue(text: string, path: string): string | undefined {
  try {
    const value: unknown = JSONPath({ path, json: JSON.parse(text) as object, wrap: false });
    return value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    return undefined;
  }
}
