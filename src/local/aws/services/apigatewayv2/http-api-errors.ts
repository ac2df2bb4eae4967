// The answers an HTTP API gives itself (API Gateway v2 "Error responses"): JSON `{"message":...}` with
// the status AWS uses — 404 Not Found (no stage or route), 500 Internal Server Error (a
// misconfigured integration, a failed Lambda function), 503 Service Unavailable (the backend could not
// be reached or timed out). `logMessage` is for the operator only.

export class HttpApiError extends Error {
  constructor(
    readonly status: 404 | 413 | 500 | 503,
    /** The client's message: `Not Found`, `Internal Server Error`, `Service Unavailable`. */
    readonly clientMessage: string,
    readonly logMessage: string,
  ) {
    super(logMessage);
    this.name = "HttpApiError";
  }
}

export const notFound = (why: string) => new HttpApiError(404, "Not Found", why);
export const internalServerError = (why: string) => new HttpApiError(500, "Internal Server Error", why);
export const serviceUnavailable = (why: string) => new HttpApiError(503, "Service Unavailable", why);
