// Basic request validation by the method's request validator: required parameters present and
// non-blank; the body valid against the model for the request's content type (no Content-Type:
// application/json). A content type with no model (and no `$default`) is passed through unvalidated,
// as AWS does for proxy integrations.
import { ownValue } from "../../../../../shared/dictionary.js";
import type { LocalRequest } from "../../../../http/http-types.js";
import type { RestApi } from "../api-gateway-state.js";
import { badRequestBody, badRequestParameters, internalServerError } from "./gateway-error.js";
import type { InvocationRequest } from "./invocation-request.js";
import type { Route } from "./route-request.js";

export function validateRequest(
  api: RestApi,
  route: Route,
  parsed: InvocationRequest,
  request: LocalRequest,
): void {
  const validatorId = route.method.requestValidatorId;
  const validator = validatorId === undefined ? undefined : api.validators.get(validatorId);
  if (validator === undefined) {
    return;
  }
  if (validator.validateRequestParameters) {
    const missing = missingParameters(route, parsed, request);
    if (missing.length > 0) {
      throw badRequestParameters(missing);
    }
  }
  if (validator.validateRequestBody) {
    validateBody(api, route, parsed, request);
  }
}

function missingParameters(route: Route, parsed: InvocationRequest, request: LocalRequest): string[] {
  const missing: string[] = [];
  // In the order of the keys' UTF-16 code units (what sort() does with strings), as AWS lists them.
  for (const key of [...route.method.requestParameters.keys()].sort()) {
    if (route.method.requestParameters.get(key) !== true) {
      continue;
    }
    const [, , location = "", name = ""] = key.split(".");
    const values = parameterValues(location, name, route, parsed, request);
    if (!values.some((value) => value.trim() !== "")) {
      missing.push(name);
    }
  }
  return missing;
}

function parameterValues(
  location: string,
  name: string,
  route: Route,
  parsed: InvocationRequest,
  request: LocalRequest,
): readonly string[] {
  switch (location) {
    case "path": {
      const value = ownValue(route.pathParameters, name);
      return value === undefined ? [] : [value];
    }
    case "querystring":
    case "multivaluequerystring":
      return parsed.query.filter(([key]) => key === name).map(([, value]) => value);
    default:
      return ownValue(request.headers, name.toLowerCase()) ?? [];
  }
}

function validateBody(api: RestApi, route: Route, parsed: InvocationRequest, request: LocalRequest): void {
  const contentType = parsed.contentType ?? "application/json";
  const modelName = route.method.requestModels.get(contentType) ?? route.method.requestModels.get("$default");
  if (modelName === undefined) {
    return;
  }
  const text = request.body.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch {
    throw badRequestBody(`request body is not JSON (model ${modelName}, content type ${contentType})`);
  }
  const check = api.models.check(modelName, value);
  if (check === "unresolvable") {
    throw internalServerError(500, `model ${modelName} of REST API ${api.id} cannot be resolved or compiled`);
  }
  if (check === "invalid") {
    throw badRequestBody(`request body does not match model ${modelName}`);
  }
}
