// Which host names belong to API Gateway: custom domain names,
// `<apiId>.execute-api.<region>.amazonaws.com`, the `<apiId>-<vpceId>` alias of private APIs (for the
// endpoints associated with them), regional domain names and the VPC endpoint DNS names.
import type { ApiGatewayState } from "../api-gateway-state.js";

const EXECUTE_API_HOST = /^([a-z0-9]{10})(?:-(vpce-[0-9a-z]+))?\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;
const VPCE_DNS_HOST = /^vpce-[0-9a-z-]+\.execute-api\.[a-z0-9-]+\.vpce\.amazonaws\.com$/;

export interface ExecuteApiHost {
  readonly apiId: string;
  readonly region: string;
  /** Present for the `<apiId>-<vpceId>` alias. */
  readonly vpceId?: string;
}

export function parseExecuteApiHost(host: string): ExecuteApiHost | undefined {
  const match = EXECUTE_API_HOST.exec(host.toLowerCase());
  if (match === null) {
    return undefined;
  }
  const [, apiId = "", vpceId, region = ""] = match;
  return { apiId, region, ...(vpceId === undefined ? {} : { vpceId }) };
}

/** A VPC endpoint's own DNS name (requests name the API with the `x-apigw-api-id` header). */
export function isVpceDnsHost(host: string): boolean {
  return VPCE_DNS_HOST.test(host.toLowerCase());
}

/** True when API Gateway answers for this host (port ignored, case-insensitive). */
export function isApiGatewayHost(state: ApiGatewayState, host: string): boolean {
  const name = host.trim().toLowerCase().replace(/:\d+$/, "");
  if (state.domainName(name) !== undefined || isVpceDnsHost(name)) {
    return true;
  }
  const executeApi = parseExecuteApiHost(name);
  if (executeApi !== undefined) {
    const api = state.restApi(executeApi.apiId);
    const associated =
      executeApi.vpceId === undefined || api?.vpcEndpointIds.includes(executeApi.vpceId) === true;
    return api !== undefined && api.region === executeApi.region && associated;
  }
  for (const domain of state.domainNames()) {
    if (domain.regionalDomainName === name) {
      return true;
    }
  }
  return false;
}
