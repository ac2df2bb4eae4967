// SigV4 authentication on the local AWS endpoint: verify-request.ts decides who signed the request;
// this turns a failure into the error each protocol's clients expect (AWS's common errors: JSON
// protocols answer 400 with the coral namespace, as DynamoDB does; REST-JSON 403, as Lambda does;
// STS's query protocol 403/400; EC2 AuthFailure / RequestExpired).
import type { LocalRequest } from "../../http/http-types.js";
import type { AccountCaller, AwsProtocol } from "../aws-service.js";
import type { CallerDirectory } from "../deps.js";
import { AwsError, CORAL_NAMESPACE } from "./aws-error.js";
import type { SigV4Parse } from "./sigv4-parse.js";
import { type AuthFailure, verifyRequest } from "./verify-request.js";

const JSON_CODES: Record<AuthFailure, string> = {
  missing: "MissingAuthenticationTokenException",
  incomplete: "IncompleteSignatureException",
  skew: "InvalidSignatureException",
  mismatch: "InvalidSignatureException",
  "unknown-key": "UnrecognizedClientException",
  "expired-token": "ExpiredTokenException",
};
const QUERY_CODES: Record<AuthFailure, string> = {
  missing: "MissingAuthenticationToken",
  incomplete: "IncompleteSignature",
  skew: "SignatureDoesNotMatch",
  mismatch: "SignatureDoesNotMatch",
  "unknown-key": "InvalidClientTokenId",
  "expired-token": "ExpiredToken",
};
/** EC2 answers expired sessions and out-of-window signing times alike: RequestExpired, "Request has expired." */
const EC2_CODES: Record<AuthFailure, string> = {
  ...QUERY_CODES,
  "unknown-key": "AuthFailure",
  skew: "RequestExpired",
  "expired-token": "RequestExpired",
};

function authenticationError(protocol: AwsProtocol, failure: AuthFailure, message: string): AwsError {
  switch (protocol.kind) {
    case "json":
      return new AwsError(JSON_CODES[failure], message, 400, CORAL_NAMESPACE);
    case "rest-json":
      // Lambda answers authentication failures 403 (a signature it cannot read: 400).
      return new AwsError(
        JSON_CODES[failure],
        message,
        failure === "incomplete" ? 400 : 403,
        CORAL_NAMESPACE,
      );
    case "query":
    case "rest-xml":
      return new AwsError(QUERY_CODES[failure], message, failure === "incomplete" ? 400 : 403);
    case "ec2":
      if (failure === "skew" || failure === "expired-token") {
        return new AwsError(EC2_CODES[failure], "Request has expired.", 400);
      }
      if (failure === "unknown-key") {
        return new AwsError(
          EC2_CODES[failure],
          "AWS was not able to validate the provided access credentials",
          401,
        );
      }
      return new AwsError(EC2_CODES[failure], message, failure === "mismatch" ? 403 : 401);
  }
}

/**
 * The caller of a signed request and the region of its credential scope, or the protocol's AwsError.
 * `service`: the signing name of the service the request was routed to (the credential scope must
 * name it); undefined when no service serves the request.
 */
export function authenticate(
  request: LocalRequest,
  parsed: SigV4Parse,
  callers: CallerDirectory,
  protocol: AwsProtocol,
  now: Date,
  service?: string,
): { readonly caller: AccountCaller; readonly region: string } {
  const verification = verifyRequest(request, parsed, callers, {
    now,
    ...(service === undefined ? {} : { service }),
  });
  if (!verification.ok) {
    throw authenticationError(protocol, verification.failure, verification.message);
  }
  const { principal, account, accessKeyId, region } = verification.caller;
  return { caller: { principal, account, accessKeyId }, region };
}
