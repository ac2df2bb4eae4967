// MOCK integrations whose templates are static: the request template names the status code
// (`{"statusCode": 200}`) and the integration responses carry fixed bodies and header values.
// Anything that needs VTL is reported instead (the string returned says why).
import type { Integration, MockResponse } from "./api-gateway-state.js";

const VTL = /[$#]/;
const HEADER_PARAMETER = /^method\.response\.header\.([^.]+)$/;
const STATIC_VALUE = /^'(.*)'$/s;

export function mockIntegration(spec: Readonly<Record<string, unknown>>): Integration | string {
  const requestTemplate = pickTemplate(spec.RequestTemplates);
  let statusCode = 200;
  if (requestTemplate !== undefined) {
    const parsed = parseStatic(requestTemplate);
    const code = parsed?.statusCode;
    if (typeof code !== "number" && typeof code !== "string") {
      return `MOCK request template ${JSON.stringify(requestTemplate)} is not a static {"statusCode": N}`;
    }
    statusCode = Number(code);
  }
  const responses: MockResponse[] = [];
  const list = Array.isArray(spec.IntegrationResponses) ? (spec.IntegrationResponses as unknown[]) : [];
  for (const item of list) {
    const response = mockResponse(item);
    if (typeof response === "string") {
      return response;
    }
    responses.push(response);
  }
  return { type: "MOCK", statusCode, responses };
}

function mockResponse(item: unknown): MockResponse | string {
  const spec = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
  const statusCode = Number(spec.StatusCode);
  if (!Number.isInteger(statusCode)) {
    return `MOCK integration response StatusCode ${JSON.stringify(spec.StatusCode)} is not a number`;
  }
  const templates = typeof spec.ResponseTemplates === "object" && spec.ResponseTemplates !== null;
  const contentType = templates
    ? pickContentType(spec.ResponseTemplates as Record<string, unknown>)
    : undefined;
  const body = pickTemplate(spec.ResponseTemplates) ?? "";
  if (VTL.test(body)) {
    return `MOCK response template ${JSON.stringify(body)} needs VTL`;
  }
  const headers: Record<string, string> = {};
  const parameters = (spec.ResponseParameters ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(parameters)) {
    const header = HEADER_PARAMETER.exec(name)?.[1];
    const literal = typeof value === "string" ? STATIC_VALUE.exec(value)?.[1] : undefined;
    if (header === undefined || literal === undefined) {
      return `MOCK response parameter ${name}=${JSON.stringify(value)} is not a static header value`;
    }
    headers[header.toLowerCase()] = literal;
  }
  const selectionPattern = typeof spec.SelectionPattern === "string" ? spec.SelectionPattern : undefined;
  return {
    statusCode,
    ...(selectionPattern === undefined || selectionPattern === "" ? {} : { selectionPattern }),
    headers,
    ...(contentType === undefined ? {} : { contentType }),
    body,
  };
}

function pickContentType(templates: Record<string, unknown>): string | undefined {
  return "application/json" in templates ? "application/json" : Object.keys(templates)[0];
}

function pickTemplate(templates: unknown): string | undefined {
  if (typeof templates !== "object" || templates === null) {
    return undefined;
  }
  const record = templates as Record<string, unknown>;
  const key = pickContentType(record);
  const value = key === undefined ? undefined : record[key];
  return typeof value === "string" ? value : undefined;
}

function parseStatic(template: string): Record<string, unknown> | undefined {
  if (VTL.test(template)) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(template);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
