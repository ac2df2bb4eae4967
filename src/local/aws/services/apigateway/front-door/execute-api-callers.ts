// The callers of AWS_IAM methods: requests signed with SigV4 for the service `execute-api` in the
// API's region, verified against the runtime's credentials (temporary credentials' session tokens
// included), with the error types API Gateway answers: 403 and
// IncompleteSignatureException / InvalidSignatureException / UnrecognizedClientException /
// ExpiredTokenException, and `{"message": "..."}` bodies (API Gateway Developer Guide, "Gateway
// response types": INVALID_SIGNATURE, EXPIRED_TOKEN, MISSING_AUTHENTICATION_TOKEN).
import type { AuthFailure, SignedCallers } from "../../../protocol/verify-request.js";
import type { CallerIdentity } from "./deps.js";

const ERROR_TYPES: Record<Exclude<AuthFailure, "missing">, string> = {
  incomplete: "IncompleteSignatureException",
  skew: "InvalidSignatureException",
  mismatch: "InvalidSignatureException",
  "unknown-key": "UnrecognizedClientException",
  "expired-token": "ExpiredTokenException",
};

/** The signing name of API Gateway's invoke API. */
export const EXECUTE_API = "execute-api";

export function executeApiCallers(callers: SignedCallers): CallerIdentity {
  return {
    identify(request, { now, region }) {
      const verification = callers.verify(request, { now, region, service: EXECUTE_API });
      if (verification.ok) {
        const { principal, accessKeyId } = verification.caller;
        return { kind: "principal", principal, accessKeyId };
      }
      if (verification.failure === "missing") return { kind: "anonymous" };
      return { kind: "invalid", errorType: ERROR_TYPES[verification.failure], message: verification.message };
    },
  };
}
