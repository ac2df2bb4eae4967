// A PRIVATE API answers only requests that arrived through an interface VPC endpoint for
// execute-api (which endpoint may call it is the resource policy's business); such an endpoint in
// turn reaches private APIs only. Anything else is 403 Forbidden, as on AWS.
import type { LocalRequest } from "../../../../http/http-types.js";
import { forbidden } from "./gateway-error.js";
import type { ApiTarget, Arrival } from "./resolve-endpoint.js";

export function checkEndpointType(target: ApiTarget, request: LocalRequest, arrival: Arrival): void {
  const isPrivate = target.api.endpointTypes.includes("PRIVATE");
  if (arrival === "private" && request.source.vpceId === undefined) {
    throw forbidden("request reached the VPC endpoint handler without passing through a VPC endpoint");
  }
  if (isPrivate && arrival === "public") {
    throw forbidden(
      `REST API ${target.api.id} is PRIVATE: it is reachable only through an execute-api VPC endpoint`,
    );
  }
  if (!isPrivate && arrival === "private") {
    throw forbidden(
      `REST API ${target.api.id} is ${target.api.endpointTypes.join(",")}: an execute-api VPC endpoint reaches private APIs only`,
    );
  }
}
