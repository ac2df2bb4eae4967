// An interface VPC endpoint as a front door: whatever passes through it carries the endpoint's id
// (what `aws:SourceVpce` and the private API's `x-amzn-vpce-id` see), stamped here and only here.
import { jsonResponse, type LocalHandler } from "../http/http-types.js";
import type { VpcEndpoint } from "./network-state.js";

/** The endpoint in front of `service` (undefined: an endpoint service nothing serves locally → 502 JSON). */
export function interfaceEndpoint(endpoint: VpcEndpoint, service: LocalHandler | undefined): LocalHandler {
  return async (request) => {
    if (service === undefined) {
      return jsonResponse(502, {
        message: `accountmesh does not serve ${endpoint.serviceName} behind VPC endpoint ${endpoint.id} locally.`,
      });
    }
    if ((endpoint.state ?? "available") !== "available") {
      return jsonResponse(502, {
        message: `VPC endpoint ${endpoint.id} is ${endpoint.state}: it carries no traffic to ${endpoint.serviceName} until the service owner accepts the connection.`,
      });
    }
    return service({
      ...request,
      source: { ...request.source, vpceId: endpoint.id, via: [...request.source.via, endpoint.id] },
    });
  };
}
