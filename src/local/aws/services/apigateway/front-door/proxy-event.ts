// The Lambda proxy integration input, format 1.0, as AWS builds it for a REST API: keys in AWS's
// order, `null` for empty maps, the private API identity (vpceId/vpcId) and the x-amzn-vpc* headers
// stamped from the network path, never copied from the client.
import { dictionary } from "../../../../../shared/dictionary.js";
import type { LocalRequest } from "../../../../http/http-types.js";
import type { Caller } from "../../../../iam/types.js";
import { principalUserId } from "../../../caller-identity.js";
import { isBinaryMediaType } from "./binary-media-types.js";
import type { InvocationRequest } from "./invocation-request.js";
import { type RequestIds, requestTime } from "./request-ids.js";
import type { ApiTarget } from "./resolve-endpoint.js";
import type { Route } from "./route-request.js";

export interface ProxyEventInput {
  readonly target: ApiTarget;
  readonly route: Route;
  readonly parsed: InvocationRequest;
  readonly request: LocalRequest;
  readonly caller: Caller;
  readonly ids: RequestIds;
  readonly now: Date;
  /** What a Lambda authorizer returned: principalId and its context values, stringified. */
  readonly authorizer?: Readonly<Record<string, string>>;
  /** The API key the request was metered with (methods that require one). */
  readonly apiKey?: { readonly id: string; readonly value: string };
}

type StringMap = Record<string, string>;
type MultiMap = Record<string, string[]>;

export interface ProxyEvent {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: StringMap | null;
  readonly multiValueHeaders: MultiMap | null;
  readonly queryStringParameters: StringMap | null;
  readonly multiValueQueryStringParameters: MultiMap | null;
  readonly pathParameters: StringMap | null;
  readonly stageVariables: StringMap | null;
  readonly requestContext: Record<string, unknown>;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** Headers API Gateway sets itself; a client's values for them are dropped (or, for X-Forwarded-For, extended). */
const STAMPED = new Set([
  "x-amzn-vpc-id",
  "x-amzn-vpce-id",
  "x-amzn-vpce-config",
  "x-forwarded-for",
  "x-forwarded-port",
  "x-forwarded-proto",
]);

export function buildProxyEvent(input: ProxyEventInput): ProxyEvent {
  const { target, route, parsed, request, ids, now } = input;
  const multiHeaders = eventHeaders(request);
  const multiQuery: MultiMap = dictionary();
  for (const [name, value] of parsed.query) {
    multiQuery[name] = [...(multiQuery[name] ?? []), value];
  }
  const binary = isBinaryMediaType(parsed.contentType, target.api.binaryMediaTypes);
  const body = request.body.length === 0 ? null : request.body.toString(binary ? "base64" : "utf8");
  return {
    resource: route.resource.path,
    path: target.eventPath,
    httpMethod: parsed.method,
    headers: lastValues(multiHeaders),
    multiValueHeaders: orNull(multiHeaders),
    queryStringParameters: lastValues(multiQuery),
    multiValueQueryStringParameters: orNull(multiQuery),
    pathParameters: orNull(dictionary(Object.entries(route.pathParameters))),
    stageVariables: orNull(dictionary(Object.entries(target.stage.variables))),
    requestContext: {
      resourceId: route.resource.id,
      resourcePath: route.resource.path,
      ...(route.method.operationName === undefined ? {} : { operationName: route.method.operationName }),
      httpMethod: parsed.method,
      extendedRequestId: ids.extendedRequestId,
      requestTime: requestTime(now),
      path: target.contextPath,
      accountId: target.api.account,
      protocol: "HTTP/1.1",
      stage: target.stage.name,
      domainPrefix: target.domainName.split(".")[0] ?? "",
      requestTimeEpoch: now.getTime(),
      requestId: ids.requestId,
      ...(input.authorizer === undefined
        ? {}
        : { authorizer: { ...input.authorizer, integrationLatency: 0 } }),
      identity: identity(input),
      domainName: target.domainName,
      apiId: target.api.id,
    },
    body,
    isBase64Encoded: body !== null && binary,
  };
}

function eventHeaders(request: LocalRequest): MultiMap {
  const out: MultiMap = dictionary();
  for (const [name, values] of Object.entries(request.headers)) {
    if (!STAMPED.has(name)) {
      out[name] = [...values];
    }
  }
  const { source } = request;
  if (source.vpceId !== undefined) {
    if (source.vpc !== undefined) {
      out["x-amzn-vpc-id"] = [source.vpc.id];
    }
    out["x-amzn-vpce-config"] = ["1"];
    out["x-amzn-vpce-id"] = [source.vpceId];
  }
  const forwarded = [...(request.headers["x-forwarded-for"] ?? []), source.sourceIp];
  out["X-Forwarded-For"] = [forwarded.join(", ")];
  if (source.vpceId === undefined) {
    out["X-Forwarded-Port"] = [request.protocol === "https" ? "443" : "80"];
    out["X-Forwarded-Proto"] = [request.protocol];
  }
  return out;
}

/**
 * `requestContext.identity`. For a SigV4-signed caller of an AWS_IAM method AWS fills in the access key,
 * the caller's account, `caller` and `user` (the principal's unique id: `AROA…:<session>` for a role
 * session, the account id for root) and `userArn` (the session ARN); all are null for anonymous callers.
 */
function identity(input: ProxyEventInput): Record<string, unknown> {
  const { request, caller } = input;
  const { principal } = caller;
  const signed = principal.kind === "role" || principal.kind === "root";
  const userId = signed ? principalUserId(principal) : null;
  const vpceId = request.source.vpceId;
  return {
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    ...(vpceId === undefined ? {} : { vpceId }),
    principalOrgId: null,
    cognitoAuthenticationType: null,
    userArn: principal.kind === "role" ? principal.sessionArn : signed ? principal.arn : null,
    userAgent: request.headers["user-agent"]?.[0] ?? null,
    accountId: signed ? principal.account : null,
    caller: userId,
    sourceIp: request.source.sourceIp,
    accessKey: signed ? (caller.accessKeyId ?? null) : null,
    ...(vpceId === undefined ? {} : { vpcId: request.source.vpc?.id ?? null }),
    cognitoAuthenticationProvider: null,
    user: userId,
    ...(input.apiKey === undefined ? {} : { apiKey: input.apiKey.value, apiKeyId: input.apiKey.id }),
  };
}

/** `requestContext.identity` (and `$context.identity`) of a request. */
export function requestIdentity(input: ProxyEventInput): Record<string, unknown> {
  return identity(input);
}

function lastValues(multi: MultiMap): StringMap | null {
  const out: StringMap = dictionary();
  for (const [name, values] of Object.entries(multi)) {
    const last = values.at(-1);
    if (last !== undefined) {
      out[name] = last;
    }
  }
  return orNull(out);
}

function orNull<T extends object>(value: T): T | null {
  return Object.keys(value).length === 0 ? null : value;
}
