// Who signed a request, checked as AWS's SigV4 verifier checks it and in its order: the signature is
// readable (sigv4-parse.ts), the signing time is within 5 minutes of the clock, `host` is signed, the
// credential scope has five parts naming a valid region, the service and the request's date, the key is
// known, a temporary key comes with its own unexpired session token (and a long-term key with none),
// and the signature matches. Protocol-neutral: callers turn a failure into their protocol's error
// (authenticate.ts for the AWS endpoint, the API Gateway front door for AWS_IAM methods).
// Order and wording: architect/dynalite (index.js, observed from DynamoDB) and
// dacut/scratchstack-aws-signature (signature.rs, "AWS Auth Error Ordering").
import type { LocalRequest } from "../../http/http-types.js";
import type { Principal } from "../../iam/types.js";
import { principalAccount } from "../caller-identity.js";
import type { CallerDirectory } from "../deps.js";
import { parseSigV4, type SigV4Parse, type SigV4Signature } from "./sigv4-parse.js";
import { checkSigningTime, HOST_NOT_SIGNED, verifySigV4 } from "./sigv4-signature.js";

/**
 * Why a request is not authenticated: no signature (`missing`), one that cannot be read
 * (`incomplete`), a signing time out of the window (`skew`), a signature or scope that does not
 * verify (`mismatch`), an unknown key or a missing/invalid session token (`unknown-key`), an expired
 * session (`expired-token`).
 */
export type AuthFailure = "missing" | "incomplete" | "skew" | "mismatch" | "unknown-key" | "expired-token";

export interface VerifiedCaller {
  readonly principal: Principal;
  /** The principal's account. */
  readonly account: string;
  readonly accessKeyId: string;
  /** Region of the credential scope. */
  readonly region: string;
}

export type RequestVerification =
  | { readonly ok: true; readonly caller: VerifiedCaller }
  | { readonly ok: false; readonly failure: AuthFailure; readonly message: string };

export interface VerifyOptions {
  /** The endpoint's clock. */
  readonly now: Date;
  /** The signing name the request is for (`dynamodb`, `execute-api`); undefined: not checked. */
  readonly service?: string;
  /** The region the request is for (an API's region); undefined: any valid region name. */
  readonly region?: string;
}

/**
 * Who signed a request, for front doors that authenticate their callers themselves (API Gateway's
 * AWS_IAM methods): SigV4 verified as the local AWS endpoint verifies it, against the same credentials.
 */
export interface SignedCallers {
  verify(request: LocalRequest, options: VerifyOptions): RequestVerification;
}

/** SignedCallers over a credential directory (the runtime's CredentialRegistry). */
export function signedCallers(directory: CallerDirectory): SignedCallers {
  return { verify: (request, options) => verifyRequest(request, parseSigV4(request), directory, options) };
}

export const INVALID_TOKEN = "The security token included in the request is invalid.";
export const EXPIRED_TOKEN = "The security token included in the request is expired";

/** An AWS region name as SigV4 scopes accept (`eu-central-1`, `us-gov-west-1`, `cn-north-1`). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Verifies `parsed` (parseSigV4 of `request`) against the credentials of `callers`. Pure apart from
 * the directory lookup; never throws for a client's mistake.
 */
export function verifyRequest(
  request: LocalRequest,
  parsed: SigV4Parse,
  callers: CallerDirectory,
  options: VerifyOptions,
): RequestVerification {
  if (parsed.kind === "unsigned") {
    return { ok: false, failure: "missing", message: "Request is missing Authentication Token" };
  }
  if (parsed.kind === "malformed") {
    return { ok: false, failure: parsed.failure, message: parsed.message };
  }
  const { signature } = parsed;
  const time = checkSigningTime(signature, options.now);
  if (!time.ok) return { ok: false, failure: "skew", message: time.message };
  if (!signature.signedHeaders.includes("host")) {
    return { ok: false, failure: "mismatch", message: HOST_NOT_SIGNED };
  }
  if (signature.scopeParts !== 5) {
    return {
      ok: false,
      failure: "incomplete",
      message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${signature.credential}'`,
    };
  }
  const scopeErrors = credentialScopeErrors(signature, options);
  if (scopeErrors !== "") return { ok: false, failure: "mismatch", message: scopeErrors };

  const entry = callers.lookup(signature.accessKeyId, signature.sessionToken);
  const account = entry === undefined ? undefined : principalAccount(entry.principal);
  // A long-term key sent with a session token is refused as an invalid token, as AWS does.
  if (
    entry === undefined ||
    account === undefined ||
    (entry.session === undefined && signature.sessionToken)
  ) {
    return { ok: false, failure: "unknown-key", message: INVALID_TOKEN };
  }
  if (entry.session !== undefined && entry.session.expiration.getTime() <= options.now.getTime()) {
    return { ok: false, failure: "expired-token", message: EXPIRED_TOKEN };
  }
  const verification = verifySigV4(request, signature, entry.secretAccessKey, options.now);
  if (!verification.ok) {
    return {
      ok: false,
      failure: verification.reason === "expired" ? "skew" : "mismatch",
      message: verification.message,
    };
  }
  return {
    ok: true,
    caller: {
      principal: entry.principal,
      account,
      accessKeyId: signature.accessKeyId,
      region: signature.region,
    },
  };
}

/** Every scope error AWS reports at once, space-separated; "" when the scope is right. */
function credentialScopeErrors(signature: SigV4Signature, { service, region }: VerifyOptions): string {
  const errors: string[] = [];
  if (region === undefined ? !REGION.test(signature.region) : signature.region !== region) {
    errors.push(`Credential should be scoped to a valid region, not '${signature.region}'.`);
  }
  if (service !== undefined && signature.service !== service) {
    errors.push(`Credential should be scoped to correct service: '${service}'.`);
  }
  if (signature.terminator !== "aws4_request") {
    errors.push(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${signature.terminator}'.`,
    );
  }
  const requestDate = signature.amzDate.slice(0, 8);
  if (signature.scopeDate !== requestDate) {
    errors.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${signature.scopeDate}' != '${requestDate}', from '${signature.amzDate}'.`,
    );
  }
  return errors.join(" ");
}
