// Which API and stage a request is for, and the path under the stage. Three ways in, as on AWS:
// a custom domain name (Host) and its base path mappings; the execute-api host name with the stage
// as first path segment; and, through a VPC endpoint, the `x-apigw-api-id` header.

import type { LocalRequest } from "../../../../http/http-types.js";
import type { ApiGatewayState, DomainName, RestApi, Stage } from "../api-gateway-state.js";
import { isVpceDnsHost, parseExecuteApiHost } from "./api-gateway-hosts.js";
import { forbidden } from "./gateway-error.js";
import type { InvocationRequest } from "./invocation-request.js";

/** How the request reached API Gateway: through an execute-api VPC endpoint or the public endpoint. */
export type Arrival = "private" | "public";

export interface ApiTarget {
  readonly api: RestApi;
  readonly stage: Stage;
  /** The path under the stage, what resources are matched against (`/orders/42`). */
  readonly apiPath: string;
  /**
   * `event.path`: the path under the stage for execute-api host names; for custom domains the full
   * request path, base path included (as AWS gives it).
   */
  readonly eventPath: string;
  /**
   * `requestContext.path` and `$context.path`: the request path as received, stage included, with the
   * slashes before the stage collapsed (AWS-recorded: `//v1//x` gives `/v1//x`).
   */
  readonly contextPath: string;
  /** `requestContext.domainName`: the host the client used. */
  readonly domainName: string;
  readonly customDomain?: DomainName;
}

export function resolveEndpoint(
  state: ApiGatewayState,
  request: InvocationRequest,
  local: LocalRequest,
  arrival: Arrival,
): ApiTarget {
  const segments = request.rawPath.split("/").slice(1);
  const domain = state.domainName(request.host);
  if (domain !== undefined) {
    return throughCustomDomain(state, domain, request, segments);
  }
  const executeApi = parseExecuteApiHost(request.host);
  if (executeApi !== undefined) {
    if (executeApi.vpceId !== undefined && arrival === "public") {
      throw forbidden(
        `${request.host} is a private API alias; it resolves only inside the VPC of ${executeApi.vpceId}`,
      );
    }
    const api = state.restApi(executeApi.apiId);
    if (api === undefined || api.region !== executeApi.region) {
      throw forbidden(`no REST API ${executeApi.apiId} in ${executeApi.region}`);
    }
    if (executeApi.vpceId !== undefined && !api.vpcEndpointIds.includes(executeApi.vpceId)) {
      throw forbidden(`${request.host}: ${executeApi.vpceId} is not associated with REST API ${api.id}`);
    }
    return throughStagePrefix(api, request, segments);
  }
  const apiIdHeader = local.headers["x-apigw-api-id"]?.[0]?.trim();
  if (
    arrival === "private" &&
    apiIdHeader !== undefined &&
    (isVpceDnsHost(request.host) || request.host === "")
  ) {
    const api = state.restApi(apiIdHeader);
    if (api === undefined) {
      throw forbidden(`x-apigw-api-id ${JSON.stringify(apiIdHeader)} names no REST API`);
    }
    return throughStagePrefix(api, request, segments);
  }
  throw forbidden(`host ${JSON.stringify(request.host)} is no API Gateway custom domain or execute-api name`);
}

function throughStagePrefix(
  api: RestApi,
  request: InvocationRequest,
  segments: readonly string[],
): ApiTarget {
  if (api.disableExecuteApiEndpoint) {
    throw forbidden(`REST API ${api.id} disables its execute-api endpoint`);
  }
  // Slashes before the stage and between the stage and the path are collapsed, as on AWS: `//v1/x`
  // and `/v1//x` both route to `/x` and give the function `path: "/x"` (AWS-recorded events in
  // LocalStack's snapshot tests, test_lambda_aws_proxy_integration; localstack issue #11253).
  const [stageName = "", ...rest] = dropLeadingEmpty(segments);
  const stage = api.stages.get(stageName);
  if (stage === undefined) {
    throw forbidden(`REST API ${api.id} has no stage ${JSON.stringify(stageName)}`);
  }
  const apiPath = `/${dropLeadingEmpty(rest).join("/")}`;
  return {
    api,
    stage,
    apiPath,
    eventPath: apiPath,
    contextPath: `/${[stageName, ...rest].join("/")}`,
    domainName: request.host,
  };
}

function dropLeadingEmpty(segments: readonly string[]): string[] {
  const first = segments.findIndex((segment) => segment !== "");
  return first < 0 ? [] : segments.slice(first);
}

function throughCustomDomain(
  state: ApiGatewayState,
  domain: DomainName,
  request: InvocationRequest,
  segments: readonly string[],
): ApiTarget {
  let best: { mapping: DomainName["mappings"][number]; length: number } | undefined;
  for (const mapping of domain.mappings) {
    const parts = mapping.basePath === "" ? [] : mapping.basePath.split("/");
    const matches = parts.every((part, i) => segments[i] === part);
    if (matches && (best === undefined || parts.length > best.length)) {
      best = { mapping, length: parts.length };
    }
  }
  if (best === undefined) {
    throw forbidden(`no base path mapping of ${domain.name} matches ${request.rawPath}`);
  }
  const api = state.restApi(best.mapping.restApiId);
  if (api === undefined) {
    throw forbidden(`base path mapping of ${domain.name} names unknown REST API ${best.mapping.restApiId}`);
  }
  let rest = segments.slice(best.length);
  let stageName = best.mapping.stage;
  if (stageName === undefined) {
    [stageName = "", ...rest] = rest;
  }
  const stage = api.stages.get(stageName);
  if (stage === undefined) {
    throw forbidden(`base path mapping of ${domain.name} names unknown stage ${JSON.stringify(stageName)}`);
  }
  return {
    api,
    stage,
    apiPath: `/${rest.join("/")}`,
    eventPath: request.rawPath,
    contextPath: request.rawPath,
    domainName: request.host,
    customDomain: domain,
  };
}
