// The one request/response shape every local server speaks. `server.ts` (the only file that touches
// node:http/https) turns sockets into LocalRequest and writes LocalResponse back; everything else is a
// pure `(LocalRequest) => Promise<LocalResponse>`.
import { ownValue } from "../../shared/dictionary.js";

/**
 * Where a request came from, stamped by the path it took through the local network (never by what
 * the client says: headers such as x-amzn-vpce-id or X-Forwarded-For change nothing).
 */
export interface NetworkSource {
  /** VPC the caller is inside, if any: `vpc-...` physical id and its account. */
  readonly vpc?: { readonly id: string; readonly account: string };
  /** Interface VPC endpoint the request passed through (`vpce-...`), stamped by the endpoint step. */
  readonly vpceId?: string;
  /** The caller's (private) IPv4 address as AWS would see it. */
  readonly sourceIp: string;
  /** Human-readable description of the path so far, for logs and errors (e.g. "proxy vpc-1 → alb"). */
  readonly via: readonly string[];
}

export interface LocalRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. `/v1/orders?limit=5`. */
  readonly url: string;
  /** Header names lower-cased; repeated headers keep every value in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  readonly source: NetworkSource;
  /** `https` when the request arrived over TLS. */
  readonly protocol: "http" | "https";
}

export interface LocalResponse {
  readonly status: number;
  /** Header names lower-cased; a value list produces repeated headers. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer | string;
}

export type LocalHandler = (request: LocalRequest) => Promise<LocalResponse>;

/** First value of a header (names are lower-cased). */
export function header(request: LocalRequest, name: string): string | undefined {
  return ownValue(request.headers, name.toLowerCase())?.[0];
}

/** A JSON response with the content type AWS front doors use. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string | readonly string[]> = {},
): LocalResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}
