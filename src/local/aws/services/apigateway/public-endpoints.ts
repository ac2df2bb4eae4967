// Where public REST APIs (REGIONAL, EDGE) are reached locally, and how endpoints.json lists them:
// - `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/...` through the entry point outside
//   every VPC (the public door the plugin registers at start), with a certificate of the local CA;
// - custom domain names that map a public API, at their own names (the same door, their own
//   certificate): their public DNS record is assumed to exist, as it usually lives outside the app;
//   a domain that maps only PRIVATE APIs stays reachable through the VPCs whose private zones name it;
// - without any proxy, a direct loopback port per API (`http://127.0.0.1:<port>/<stage>/...`) that
//   stands for the API's public HTTPS endpoint: Host is stamped as the execute-api name and the
//   request counts as HTTPS from outside every VPC (what the function sees is what AWS gives it).

import { dictionary } from "../../../../shared/dictionary.js";
import type { LocalHandler } from "../../../http/http-types.js";
import type { FrontDoorRegistry } from "../../../network/front-door-registry.js";
import type { ApiGatewayState, DomainName, RestApi } from "./api-gateway-state.js";

export interface PublicRestApiEndpoints {
  /** endpoints.json sections: `restApiEndpoints`, `customDomains`, `apiKeys`. */
  endpoints(): Readonly<Record<string, unknown>>;
}

/** Registers the loopback ports and the custom domains' public door; call once every stack is provisioned. */
export function servePublicRestApis(
  doors: FrontDoorRegistry,
  state: ApiGatewayState,
  handler: LocalHandler,
): PublicRestApiEndpoints {
  const local = new Map<string, string>();
  const apis = [...state.restApis()].filter(isPublic);
  for (const api of apis) {
    const host = `${api.id}.execute-api.${api.region}.amazonaws.com`;
    doors.serveLoopback({
      label: `${api.account}/${api.name}/${api.id}`,
      handler: (request) =>
        handler({
          ...request,
          protocol: "https",
          headers: dictionary([
            ...Object.entries(request.headers).filter(([name]) => name !== "host"),
            ["host", [host]],
          ]),
        }),
      listening: (url) => {
        local.set(api.id, url);
      },
    });
  }
  const domains = [...state.domainNames()].filter((domain) => mapsPublicApi(state, domain));
  if (domains.length > 0) {
    const names = new Set(domains.map((domain) => domain.name));
    doors.servePublic({
      name: "API Gateway (public custom domain names)",
      matches: (host) => names.has(host.toLowerCase()),
      port: 443,
      tlsNames: [...names],
      handler,
    });
  }
  return {
    endpoints: () => ({
      restApiEndpoints: Object.fromEntries(
        [...state.restApis()].map((api) => [
          `${api.account}/${api.name}`,
          describeApi(api, local.get(api.id)),
        ]),
      ),
      customDomains: Object.fromEntries(
        [...state.domainNames()].map((domain) => [
          domain.name,
          {
            public: mapsPublicApi(state, domain),
            url: `https://${domain.name}`,
            regionalDomainName: domain.regionalDomainName,
            mappings: Object.fromEntries(
              domain.mappings.map((m) => [
                m.basePath === "" ? "(none)" : m.basePath,
                `${m.restApiId}${m.stage === undefined ? "" : `/${m.stage}`}`,
              ]),
            ),
          },
        ]),
      ),
      apiKeys: Object.fromEntries(
        [...state.apiKeys.values()].map((key) => [
          `${key.account}/${key.name}`,
          { id: key.id, value: key.value, enabled: key.enabled },
        ]),
      ),
    }),
  };
}

function isPublic(api: RestApi): boolean {
  return !api.endpointTypes.includes("PRIVATE") && !api.disableExecuteApiEndpoint;
}

function mapsPublicApi(state: ApiGatewayState, domain: DomainName): boolean {
  return domain.mappings.some((mapping) => {
    const api = state.restApi(mapping.restApiId);
    return api !== undefined && !api.endpointTypes.includes("PRIVATE");
  });
}

function describeApi(api: RestApi, local: string | undefined): Record<string, unknown> {
  const url = `https://${api.id}.execute-api.${api.region}.amazonaws.com`;
  return {
    id: api.id,
    endpointTypes: api.endpointTypes,
    url,
    ...(local === undefined ? {} : { local }),
    stages: Object.fromEntries(
      [...api.stages.keys()].map((stage) => [
        stage,
        { url: `${url}/${stage}/`, ...(local === undefined ? {} : { local: `${local}/${stage}/` }) },
      ]),
    ),
  };
}
