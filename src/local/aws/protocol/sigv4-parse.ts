// Reads a SigV4 signature off a request without verifying it: from the Authorization header or from
// a presigned URL's X-Amz-* query parameters, with the session token if one was sent. Only what makes
// a signature unreadable fails here, with AWS's wording; the checks AWS makes after reading it (time,
// signed headers, credential scope, key, token, signature) are verify-request.ts's, in AWS's order.
// Messages as AWS's verifier words them (observed and recorded by architect/dynalite's index.js and
// dacut/scratchstack-aws-signature's canonical.rs).
import { header, type LocalRequest } from "../../http/http-types.js";

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";
/** Longest validity of a presigned URL: one week, in seconds. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
const DEFAULT_PRESIGNED_EXPIRES_SECONDS = 900;

export interface SigV4Signature {
  /** The Credential parameter as sent: `<key>/<YYYYMMDD>/<region>/<service>/aws4_request`. */
  readonly credential: string;
  readonly accessKeyId: string;
  /** `YYYYMMDD` of the credential scope ("" when the credential has fewer parts). */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** The scope's terminator, `aws4_request` when well formed. */
  readonly terminator: string;
  /** How many slash-separated parts the credential has (5 when well formed). */
  readonly scopeParts: number;
  /** Lower-case header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ` the request was signed at. */
  readonly amzDate: string;
  /** Presigned URLs: how long the signature is valid, in seconds. */
  readonly expiresSeconds?: number;
  readonly presigned: boolean;
  /** X-Amz-Security-Token (header, or query parameter of a presigned URL): temporary credentials. */
  readonly sessionToken?: string;
}

export type SigV4Parse =
  | { readonly kind: "unsigned" }
  | {
      readonly kind: "malformed";
      readonly message: string;
      /** `incomplete`: IncompleteSignature(Exception); `mismatch`: InvalidSignatureException / SignatureDoesNotMatch. */
      readonly failure: "incomplete" | "mismatch";
    }
  | { readonly kind: "signed"; readonly signature: SigV4Signature };

/** Path and raw query string of a request URL (`/a?b=c` → `["/a", "b=c"]`). */
export function splitUrl(url: string): readonly [path: string, query: string] {
  const index = url.indexOf("?");
  return index === -1 ? [url, ""] : [url.slice(0, index), url.slice(index + 1)];
}

export function parseSigV4(request: LocalRequest): SigV4Parse {
  const authorization = header(request, "authorization");
  const [, query] = splitUrl(request.url);
  const params = query === "" ? undefined : new URLSearchParams(query);
  const presigned = params?.has("X-Amz-Algorithm") === true;
  if (authorization !== undefined && presigned) {
    return {
      kind: "malformed",
      failure: "mismatch",
      message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    };
  }
  if (authorization !== undefined) {
    return parseAuthorizationHeader(request, authorization);
  }
  if (params !== undefined && (presigned || params.has("X-Amz-Signature"))) {
    return parsePresigned(params);
  }
  return { kind: "unsigned" };
}

function incomplete(message: string): SigV4Parse {
  return { kind: "malformed", failure: "incomplete", message };
}

function parseAuthorizationHeader(request: LocalRequest, authorization: string): SigV4Parse {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return incomplete(`Unsupported AWS 'algorithm': '${algorithm}' (only ${SIGV4_ALGORITHM} for now). `);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq !== -1) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const amzDate = header(request, "x-amz-date") ?? header(request, "date");
  let missing = "";
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!fields.get(name) && !(name === "SignedHeaders" && fields.has(name))) {
      missing += `Authorization header requires '${name}' parameter. `;
    }
  }
  if (amzDate === undefined) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (missing !== "") return incomplete(`${missing}Authorization=${trimmed}`);
  return assemble({
    credential: fields.get("Credential") ?? "",
    signedHeaders: fields.get("SignedHeaders") ?? "",
    signature: fields.get("Signature") ?? "",
    amzDate: amzDate ?? "",
    presigned: false,
    sessionToken: header(request, "x-amz-security-token"),
  });
}

function parsePresigned(query: URLSearchParams): SigV4Parse {
  let missing = "";
  for (const name of [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
    "X-Amz-Date",
  ]) {
    if (!query.get(name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (missing !== "") return incomplete(`${missing}Re-examine the query-string parameters.`);
  const algorithm = query.get("X-Amz-Algorithm");
  if (algorithm !== SIGV4_ALGORITHM) {
    return incomplete(`Unsupported AWS 'algorithm': '${algorithm}' (only ${SIGV4_ALGORITHM} for now). `);
  }
  const rawExpires = query.get("X-Amz-Expires");
  const expires = rawExpires === null ? DEFAULT_PRESIGNED_EXPIRES_SECONDS : Number(rawExpires);
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_EXPIRES_SECONDS) {
    // S3's wording (AuthorizationQueryParametersError); the limits are SigV4's for every service.
    return incomplete(
      expires > MAX_PRESIGNED_EXPIRES_SECONDS
        ? `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES_SECONDS}`
        : "X-Amz-Expires must be non-negative and a whole number of seconds",
    );
  }
  return assemble({
    credential: query.get("X-Amz-Credential") ?? "",
    signedHeaders: query.get("X-Amz-SignedHeaders") ?? "",
    signature: query.get("X-Amz-Signature") ?? "",
    amzDate: query.get("X-Amz-Date") ?? "",
    presigned: true,
    expiresSeconds: expires,
    sessionToken: query.get("X-Amz-Security-Token") ?? undefined,
  });
}

interface Parts {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly amzDate: string;
  readonly presigned: boolean;
  readonly expiresSeconds?: number;
  readonly sessionToken: string | undefined;
}

function assemble(parts: Parts): SigV4Parse {
  if (!/^\d{8}T\d{6}Z$/.test(parts.amzDate) || Number.isNaN(parseAmzDate(parts.amzDate).getTime())) {
    return incomplete(
      `Date must be in ISO-8601 'basic format'. Got '${parts.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  const scope = parts.credential.split("/");
  const [accessKeyId = "", scopeDate = "", region = "", service = "", terminator = ""] = scope;
  return {
    kind: "signed",
    signature: {
      credential: parts.credential,
      accessKeyId,
      scopeDate,
      region,
      service,
      terminator,
      scopeParts: scope.length,
      signedHeaders:
        parts.signedHeaders === "" ? [] : parts.signedHeaders.split(";").map((n) => n.toLowerCase()),
      signature: parts.signature,
      amzDate: parts.amzDate,
      presigned: parts.presigned,
      ...(parts.expiresSeconds === undefined ? {} : { expiresSeconds: parts.expiresSeconds }),
      ...(parts.sessionToken === undefined || parts.sessionToken === ""
        ? {}
        : { sessionToken: parts.sessionToken }),
    },
  };
}

/** `YYYYMMDDTHHMMSSZ` → Date (Invalid Date for impossible values such as month 13). */
export function parseAmzDate(amzDate: string): Date {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
  return new Date(iso);
}
