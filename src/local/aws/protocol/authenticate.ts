// SigV4 authentication: who signed the request, checked against the secret the credential registry
// holds. Errors carry the code each protocol's clients expect.
import type { LocalRequest } from "../../http/http-types.js";
import type { AccountCaller, AwsProtocol } from "../aws-service.js";
import { principalAccount } from "../caller-identity.js";
import type { CallerDirectory } from "../deps.js";
import { AwsError, CORAL_NAMESPACE } from "./aws-error.js";
import type { SigV4Parse } from "./sigv4-parse.js";
import { verifySigV4 } from "./sigv4-signature.js";

type Failure = "missing" | "incomplete" | "unknown-key" | "mismatch";

const JSON_CODES: Record<Failure, string> = {
  missing: "MissingAuthenticationTokenException",
  incomplete: "IncompleteSignatureException",
  "unknown-key": "UnrecognizedClientException",
  mismatch: "InvalidSignatureException",
};
const QUERY_CODES: Record<Failure, string> = {
  missing: "MissingAuthenticationToken",
  incomplete: "IncompleteSignature",
  "unknown-key": "InvalidClientTokenId",
  mismatch: "SignatureDoesNotMatch",
};
const EC2_CODES: Record<Failure, string> = { ...QUERY_CODES, "unknown-key": "AuthFailure" };

function authenticationError(protocol: AwsProtocol, failure: Failure, message: string): AwsError {
  switch (protocol.kind) {
    case "json":
    case "rest-json":
      return new AwsError(JSON_CODES[failure], message, 400, CORAL_NAMESPACE);
    case "query":
    case "rest-xml":
      return new AwsError(QUERY_CODES[failure], message, failure === "incomplete" ? 400 : 403);
    case "ec2":
      return new AwsError(EC2_CODES[failure], message, failure === "mismatch" ? 403 : 401);
  }
}

export function authenticate(
  request: LocalRequest,
  parsed: SigV4Parse,
  callers: CallerDirectory,
  protocol: AwsProtocol,
  now: Date,
): { readonly caller: AccountCaller; readonly region: string } {
  if (parsed.kind === "unsigned") {
    throw authenticationError(protocol, "missing", "Request is missing Authentication Token");
  }
  if (parsed.kind === "malformed") {
    throw authenticationError(protocol, "incomplete", parsed.message);
  }
  const { signature } = parsed;
  const entry = callers.lookup(signature.accessKeyId);
  const account = entry === undefined ? undefined : principalAccount(entry.principal);
  if (entry === undefined || account === undefined) {
    const message =
      protocol.kind === "ec2"
        ? "AWS was not able to validate the provided access credentials"
        : "The security token included in the request is invalid.";
    throw authenticationError(protocol, "unknown-key", message);
  }
  const verification = verifySigV4(request, signature, entry.secretAccessKey, now);
  if (!verification.ok) {
    throw authenticationError(protocol, "mismatch", verification.message);
  }
  return {
    caller: { principal: entry.principal, account, accessKeyId: signature.accessKeyId },
    region: signature.region,
  };
}
