// Reads a SigV4 signature off a request without verifying it: from the Authorization header or from
// a presigned URL's X-Amz-* query parameters. Verification is sigv4-signature.ts's job.
import { header, type LocalRequest } from "../../http/http-types.js";

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

export interface SigV4Signature {
  readonly accessKeyId: string;
  /** `YYYYMMDD` of the credential scope. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** Lower-case header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ` the request was signed at. */
  readonly amzDate: string;
  /** Presigned URLs: how long the signature is valid, in seconds. */
  readonly expiresSeconds?: number;
  readonly presigned: boolean;
}

export type SigV4Parse =
  | { readonly kind: "unsigned" }
  | { readonly kind: "malformed"; readonly message: string }
  | { readonly kind: "signed"; readonly signature: SigV4Signature };

/** Path and raw query string of a request URL (`/a?b=c` → `["/a", "b=c"]`). */
export function splitUrl(url: string): readonly [path: string, query: string] {
  const index = url.indexOf("?");
  return index === -1 ? [url, ""] : [url.slice(0, index), url.slice(index + 1)];
}

export function parseSigV4(request: LocalRequest): SigV4Parse {
  const authorization = header(request, "authorization");
  if (authorization !== undefined) {
    return parseAuthorizationHeader(request, authorization);
  }
  const [, query] = splitUrl(request.url);
  if (query.includes("X-Amz-Signature=")) {
    return parsePresigned(new URLSearchParams(query));
  }
  return { kind: "unsigned" };
}

function parseAuthorizationHeader(request: LocalRequest, authorization: string): SigV4Parse {
  const space = authorization.indexOf(" ");
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return {
      kind: "malformed",
      message: `Unsupported authorization algorithm ${JSON.stringify(algorithm)}; only ${SIGV4_ALGORITHM} (Signature Version 4) is accepted.`,
    };
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq !== -1) {
      fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  const amzDate = header(request, "x-amz-date") ?? header(request, "date");
  return assemble(
    fields.get("Credential"),
    fields.get("SignedHeaders"),
    fields.get("Signature"),
    amzDate,
    false,
  );
}

function parsePresigned(query: URLSearchParams): SigV4Parse {
  const algorithm = query.get("X-Amz-Algorithm");
  if (algorithm !== SIGV4_ALGORITHM) {
    return {
      kind: "malformed",
      message: `X-Amz-Algorithm must be ${SIGV4_ALGORITHM}; received ${JSON.stringify(algorithm)}.`,
    };
  }
  const parsed = assemble(
    query.get("X-Amz-Credential") ?? undefined,
    query.get("X-Amz-SignedHeaders") ?? undefined,
    query.get("X-Amz-Signature") ?? undefined,
    query.get("X-Amz-Date") ?? undefined,
    true,
  );
  const expires = Number(query.get("X-Amz-Expires") ?? "900");
  if (parsed.kind !== "signed") return parsed;
  return {
    kind: "signed",
    signature: { ...parsed.signature, expiresSeconds: Number.isFinite(expires) ? expires : 900 },
  };
}

function assemble(
  credential: string | undefined,
  signedHeaders: string | undefined,
  signature: string | undefined,
  amzDate: string | undefined,
  presigned: boolean,
): SigV4Parse {
  const where = presigned ? "query string" : "Authorization header";
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return {
      kind: "malformed",
      message: `The ${where} requires the Credential, SignedHeaders and Signature parameters.`,
    };
  }
  const scope = credential.split("/");
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (
    scope.length !== 5 ||
    terminator !== "aws4_request" ||
    !accessKeyId ||
    !scopeDate ||
    !region ||
    !service
  ) {
    return {
      kind: "malformed",
      message: `Credential should be scoped to a valid region and service: <key>/<YYYYMMDD>/<region>/<service>/aws4_request; received ${JSON.stringify(credential)}.`,
    };
  }
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return {
      kind: "malformed",
      message: `The request must carry the signing time as X-Amz-Date (YYYYMMDDTHHMMSSZ); received ${JSON.stringify(amzDate)}.`,
    };
  }
  return {
    kind: "signed",
    signature: {
      accessKeyId,
      scopeDate,
      region,
      service,
      signedHeaders: signedHeaders.split(";").map((name) => name.toLowerCase()),
      signature,
      amzDate,
      presigned,
    },
  };
}
