// Errors of the API Gateway front door, named after AWS's gateway response types. Each carries the
// exact status, x-amzn-ErrorType and body AWS returns (including AWS's spacing: some default
// gateway responses render `{"message": "..."}`, others `{"message":"..."}`).

export type GatewayResponseType =
  | "ACCESS_DENIED"
  | "API_CONFIGURATION_ERROR"
  | "BAD_REQUEST_BODY"
  | "BAD_REQUEST_PARAMETERS"
  | "EXPIRED_TOKEN"
  | "FORBIDDEN"
  | "INTEGRATION_FAILURE"
  | "INTEGRATION_TIMEOUT"
  | "INVALID_SIGNATURE"
  | "MISSING_AUTHENTICATION_TOKEN"
  | "REQUEST_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UNAUTHORIZED"
  | "AUTHORIZER_CONFIGURATION_ERROR"
  | "INVALID_API_KEY"
  | "QUOTA_EXCEEDED"
  | "THROTTLED";

export class GatewayError extends Error {
  constructor(
    readonly responseType: GatewayResponseType,
    readonly status: number,
    /** The response body exactly as AWS writes it. */
    readonly body: string,
    /** x-amzn-ErrorType, when AWS sends one. */
    readonly errorType: string | undefined,
    /** What the execution log says (never sent to the client). */
    readonly logMessage?: string,
  ) {
    super(logMessage ?? body);
    this.name = "GatewayError";
  }
}

const compact = (message: string): string => `{"message":${JSON.stringify(message)}}`;
const spaced = (message: string): string => `{"message": ${JSON.stringify(message)}}`;

/** Unknown stage or base path, a PRIVATE API reached from outside a VPC endpoint, a missing API key. */
export function forbidden(logMessage: string): GatewayError {
  return new GatewayError("FORBIDDEN", 403, compact("Forbidden"), "ForbiddenException", logMessage);
}

/** No resource/method matches (or an unsigned call to an AWS_IAM method). */
export function missingAuthenticationToken(logMessage: string): GatewayError {
  return new GatewayError(
    "MISSING_AUTHENTICATION_TOKEN",
    403,
    compact("Missing Authentication Token"),
    "MissingAuthenticationTokenException",
    logMessage,
  );
}

/** The resource policy (or the caller's identity policies) did not allow execute-api:Invoke. */
export function accessDenied(message: string): GatewayError {
  return new GatewayError(
    "ACCESS_DENIED",
    403,
    `{"Message":${JSON.stringify(message)}}`,
    "AccessDeniedException",
    message,
  );
}

/** A signature that does not verify, or an unknown key: 403 with AWS's message and error type. */
export function invalidSignature(errorType: string, message: string): GatewayError {
  return new GatewayError("INVALID_SIGNATURE", 403, compact(message), errorType, message);
}

/** Temporary credentials past their expiry (gateway response type EXPIRED_TOKEN). */
export function expiredToken(message: string): GatewayError {
  return new GatewayError("EXPIRED_TOKEN", 403, compact(message), "ExpiredTokenException", message);
}

export function badRequestParameters(missing: readonly string[]): GatewayError {
  const message = `Missing required request parameters: [${missing.join(", ")}]`;
  return new GatewayError("BAD_REQUEST_PARAMETERS", 400, spaced(message), "BadRequestException", message);
}

export function badRequestBody(logMessage: string): GatewayError {
  return new GatewayError(
    "BAD_REQUEST_BODY",
    400,
    spaced("Invalid request body"),
    "BadRequestException",
    logMessage,
  );
}

/** 500 for configuration errors (Lambda permission missing, unsupported setup), 502 for function errors. */
export function internalServerError(status: 500 | 502, logMessage: string): GatewayError {
  const type = status === 502 ? "INTEGRATION_FAILURE" : "API_CONFIGURATION_ERROR";
  return new GatewayError(
    type,
    status,
    spaced("Internal server error"),
    "InternalServerErrorException",
    logMessage,
  );
}

export function integrationTimeout(logMessage: string): GatewayError {
  return new GatewayError(
    "INTEGRATION_TIMEOUT",
    504,
    spaced("Endpoint request timed out"),
    undefined,
    logMessage,
  );
}

/**
 * REQUEST_TOO_LARGE: the Lambda event would exceed Lambda's 6 MiB synchronous request limit (Lambda
 * refuses it before the function runs); the body is the one the local servers give a body over API
 * Gateway's 10 MB payload limit.
 */
export function requestTooLarge(logMessage: string): GatewayError {
  return new GatewayError(
    "REQUEST_TOO_LARGE",
    413,
    compact("Request Too Long"),
    "RequestTooLargeException",
    logMessage,
  );
}

/** UNSUPPORTED_MEDIA_TYPE: no request template for the content type and passthrough NEVER / WHEN_NO_TEMPLATES. */
export function unsupportedMediaType(logMessage: string): GatewayError {
  return new GatewayError(
    "UNSUPPORTED_MEDIA_TYPE",
    415,
    spaced("Unsupported Media Type"),
    "UnsupportedMediaTypeException",
    logMessage,
  );
}

/** UNAUTHORIZED: a Lambda authorizer's identity source is missing or invalid, or the function said "Unauthorized". */
export function unauthorized(logMessage: string): GatewayError {
  return new GatewayError("UNAUTHORIZED", 401, compact("Unauthorized"), "UnauthorizedException", logMessage);
}

/** AUTHORIZER_CONFIGURATION_ERROR: the authorizer could not be called or answered nothing usable (body `{"message":null}`). */
export function authorizerConfigurationError(logMessage: string): GatewayError {
  return new GatewayError(
    "AUTHORIZER_CONFIGURATION_ERROR",
    500,
    '{"message":null}',
    "AuthorizerConfigurationException",
    logMessage,
  );
}

/** INVALID_API_KEY: a method that requires an API key got none, or one no usage plan of the stage holds. */
export function invalidApiKey(logMessage: string): GatewayError {
  return new GatewayError("INVALID_API_KEY", 403, compact("Forbidden"), "ForbiddenException", logMessage);
}

/** QUOTA_EXCEEDED: the usage plan's quota for the key is spent for the period. */
export function quotaExceeded(logMessage: string): GatewayError {
  return new GatewayError(
    "QUOTA_EXCEEDED",
    429,
    compact("Limit Exceeded"),
    "LimitExceededException",
    logMessage,
  );
}

/** THROTTLED: the usage plan's rate or burst limit for the key is exceeded. */
export function throttled(logMessage: string): GatewayError {
  return new GatewayError(
    "THROTTLED",
    429,
    compact("Too Many Requests"),
    "TooManyRequestsException",
    logMessage,
  );
}
