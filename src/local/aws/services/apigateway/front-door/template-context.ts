// What a mapping template sees of the request: `$context` (API Gateway developer guide, "Variables for
// data transformations": accountId, apiId, authorizer.*, domainName, domainPrefix, extendedRequestId,
// httpMethod, identity.*, path, protocol, requestId, requestOverride.*, responseOverride.*,
// requestTime, requestTimeEpoch, resourceId, resourcePath, stage), `$stageVariables`, and the method
// request parameters behind `$input.params()` (path parameters as received, query values decoded,
// the last value of repeated names).
import { dictionary } from "../../../../../shared/dictionary.js";
import type { MethodRequestParameters } from "../templates/template-input.js";
import { type ProxyEventInput, requestIdentity } from "./proxy-event.js";
import { requestTime } from "./request-ids.js";

export interface TemplateContext {
  [key: string]: unknown;
  readonly requestOverride: {
    readonly header: Record<string, string>;
    readonly querystring: Record<string, string>;
    readonly path: Record<string, string>;
  };
  readonly responseOverride: { status: unknown; readonly header: Record<string, string> };
}

/** A fresh `$context` for one template rendering (templates may `#set` its overrides). */
export function templateContext(input: ProxyEventInput): TemplateContext {
  const { target, route, parsed, ids, now } = input;
  return {
    accountId: target.api.account,
    apiId: target.api.id,
    authorizer: { ...(input.authorizer ?? {}) },
    domainName: target.domainName,
    domainPrefix: target.domainName.split(".")[0] ?? "",
    extendedRequestId: ids.extendedRequestId,
    httpMethod: parsed.method,
    identity: requestIdentity(input),
    path: target.contextPath,
    protocol: "HTTP/1.1",
    requestId: ids.requestId,
    requestTime: requestTime(now),
    requestTimeEpoch: now.getTime(),
    resourceId: route.resource.id,
    resourcePath: route.resource.path,
    stage: target.stage.name,
    deploymentId: target.stage.deploymentId ?? "",
    requestOverride: { header: {}, querystring: {}, path: {} },
    responseOverride: { status: null, header: {} },
  };
}

/** The method request's parameters by kind, as `$input.params()` returns them. */
export function methodRequestParameters(input: ProxyEventInput): MethodRequestParameters {
  const querystring = dictionary<string>();
  for (const [name, value] of input.parsed.query) querystring[name] = value;
  const header = dictionary<string>();
  for (const [name, values] of Object.entries(input.request.headers)) {
    const last = values.at(-1);
    if (last !== undefined) header[name] = last;
  }
  return { path: { ...input.route.pathParameters }, querystring, header };
}
