// Every gateway error with the response type, status code, body and
// x-amzn-ErrorType ("Gateway response types for API Gateway",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html),
// and the execution-log line each carries.
import { describe, expect, it } from "vitest";
import {
  accessDenied,
  authorizerConfigurationError,
  badRequestBody,
  badRequestParameters,
  expiredToken,
  forbidden,
  GatewayError,
  integrationTimeout,
  internalServerError,
  invalidApiKey,
  invalidSignature,
  missingAuthenticationToken,
  quotaExceeded,
  requestTooLarge,
  throttled,
  unauthorized,
  unsupportedMediaType,
} from "./gateway-error.js";

// Each error is made inside its test (a thunk), so that the test is what covers the factory.
const cases: readonly [string, () => GatewayError, string, number, string, string | undefined][] = [
  ["forbidden", () => forbidden("why"), "FORBIDDEN", 403, '{"message":"Forbidden"}', "ForbiddenException"],
  [
    "missingAuthenticationToken",
    () => missingAuthenticationToken("why"),
    "MISSING_AUTHENTICATION_TOKEN",
    403,
    '{"message":"Missing Authentication Token"}',
    "MissingAuthenticationTokenException",
  ],
  [
    "accessDenied",
    () => accessDenied("why"),
    "ACCESS_DENIED",
    403,
    '{"Message":"why"}',
    "AccessDeniedException",
  ],
  [
    "invalidSignature",
    () => invalidSignature("IncompleteSignatureException", "why"),
    "INVALID_SIGNATURE",
    403,
    '{"message":"why"}',
    "IncompleteSignatureException",
  ],
  [
    "expiredToken",
    () => expiredToken("why"),
    "EXPIRED_TOKEN",
    403,
    '{"message":"why"}',
    "ExpiredTokenException",
  ],
  [
    "badRequestParameters",
    () => badRequestParameters(["method.request.header.x", "method.request.querystring.y"]),
    "BAD_REQUEST_PARAMETERS",
    400,
    '{"message": "Missing required request parameters: [method.request.header.x, method.request.querystring.y]"}',
    "BadRequestException",
  ],
  [
    "badRequestBody",
    () => badRequestBody("why"),
    "BAD_REQUEST_BODY",
    400,
    '{"message": "Invalid request body"}',
    "BadRequestException",
  ],
  [
    "internalServerError 502",
    () => internalServerError(502, "why"),
    "INTEGRATION_FAILURE",
    502,
    '{"message": "Internal server error"}',
    "InternalServerErrorException",
  ],
  [
    "internalServerError 500",
    () => internalServerError(500, "why"),
    "API_CONFIGURATION_ERROR",
    500,
    '{"message": "Internal server error"}',
    "InternalServerErrorException",
  ],
  [
    "integrationTimeout",
    () => integrationTimeout("why"),
    "INTEGRATION_TIMEOUT",
    504,
    '{"message": "Endpoint request timed out"}',
    undefined,
  ],
  [
    "requestTooLarge",
    () => requestTooLarge("why"),
    "REQUEST_TOO_LARGE",
    413,
    '{"message":"Request Too Long"}',
    "RequestTooLargeException",
  ],
  [
    "unsupportedMediaType",
    () => unsupportedMediaType("why"),
    "UNSUPPORTED_MEDIA_TYPE",
    415,
    '{"message": "Unsupported Media Type"}',
    "UnsupportedMediaTypeException",
  ],
  [
    "unauthorized",
    () => unauthorized("why"),
    "UNAUTHORIZED",
    401,
    '{"message":"Unauthorized"}',
    "UnauthorizedException",
  ],
  [
    "authorizerConfigurationError",
    () => authorizerConfigurationError("why"),
    "AUTHORIZER_CONFIGURATION_ERROR",
    500,
    '{"message":null}',
    "AuthorizerConfigurationException",
  ],
  [
    "invalidApiKey",
    () => invalidApiKey("why"),
    "INVALID_API_KEY",
    403,
    '{"message":"Forbidden"}',
    "ForbiddenException",
  ],
  [
    "quotaExceeded",
    () => quotaExceeded("why"),
    "QUOTA_EXCEEDED",
    429,
    '{"message":"Limit Exceeded"}',
    "LimitExceededException",
  ],
  [
    "throttled",
    () => throttled("why"),
    "THROTTLED",
    429,
    '{"message":"Too Many Requests"}',
    "TooManyRequestsException",
  ],
];

describe("gateway errors: AWS's gateway response types", () => {
  it.each(cases)("%s answers as AWS's gateway response", (_name, make, type, status, body, errorType) => {
    const error = make();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.name).toBe("GatewayError");
    expect(error.responseType).toBe(type);
    expect(error.status).toBe(status);
    expect(error.body).toBe(body);
    expect(error.errorType).toBe(errorType);
  });

  it("carries the execution-log line as its message, or the body when there is none", () => {
    expect(forbidden("no stage v9").message).toBe("no stage v9");
    expect(badRequestParameters(["method.request.header.x"]).logMessage).toBe(
      "Missing required request parameters: [method.request.header.x]",
    );
    const bare = new GatewayError("FORBIDDEN", 403, '{"message":"Forbidden"}', "ForbiddenException");
    expect(bare.message).toBe('{"message":"Forbidden"}');
    expect(bare.logMessage).toBeUndefined();
  });
});
