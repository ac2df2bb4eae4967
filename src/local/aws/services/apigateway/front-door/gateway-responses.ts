// Every answer leaves with API Gateway's headers (x-amzn-RequestId, x-amz-apigw-id); errors become
// the default gateway responses AWS sends (status, x-amzn-ErrorType, body). Anything unexpected is
// a 500 "Internal server error" whose details go to the execution log, never to the client.
import type { LocalResponse } from "../../../../http/http-types.js";
import type { GatewayLogEntry } from "./deps.js";
import { GatewayError, internalServerError } from "./gateway-error.js";
import type { RequestIds } from "./request-ids.js";

export function withGatewayHeaders(response: LocalResponse, ids: RequestIds): LocalResponse {
  return {
    ...response,
    headers: {
      ...response.headers,
      "x-amzn-requestid": ids.requestId,
      "x-amz-apigw-id": ids.extendedRequestId,
    },
  };
}

export function gatewayResponses(
  error: unknown,
  ids: RequestIds,
  log: ((entry: GatewayLogEntry) => void) | undefined,
  apiId?: string,
): LocalResponse {
  const gatewayError =
    error instanceof GatewayError
      ? error
      : internalServerError(500, `unexpected error in the API Gateway front door: ${describe(error)}`);
  log?.({
    requestId: ids.requestId,
    ...(apiId === undefined ? {} : { apiId }),
    message: `${gatewayError.responseType} ${gatewayError.status}: ${gatewayError.logMessage ?? gatewayError.body}`,
  });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (gatewayError.errorType !== undefined) {
    headers["x-amzn-errortype"] = gatewayError.errorType;
  }
  return withGatewayHeaders({ status: gatewayError.status, headers, body: gatewayError.body }, ids);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
