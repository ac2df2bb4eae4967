// A LocalRequest signed with the SDK's own SigV4 signer at a chosen time, for tests that call a
// LocalHandler (the AWS endpoint, a front door) directly with a fixed clock.
import { SignatureV4 } from "@smithy/signature-v4";
import type { LocalRequest } from "../../src/local/http/http-types.js";
import { NodeSha256 } from "./aws-signing.js";

export interface SignedRequestOptions {
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Signing name: `sts`, `dynamodb`, `execute-api`. */
  readonly service: string;
  readonly region?: string;
  /** The signing time (X-Amz-Date). */
  readonly at: Date;
  readonly method?: string;
  /** Path and query, e.g. `/v1/orders?x=1`. */
  readonly url?: string;
  readonly host?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly protocol?: "http" | "https";
}

export async function signedLocalRequest(options: SignedRequestOptions): Promise<LocalRequest> {
  const signer = new SignatureV4({
    service: options.service,
    region: options.region ?? "eu-central-1",
    credentials: options.credentials,
    sha256: NodeSha256,
  });
  const url = new URL(options.url ?? "/", "http://placeholder");
  const host = options.host ?? "127.0.0.1:4566";
  const body = options.body ?? "";
  const signed = await signer.sign(
    {
      method: options.method ?? "POST",
      protocol: `${options.protocol ?? "http"}:`,
      hostname: host.split(":")[0] ?? host,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host, ...options.headers },
      body,
    },
    { signingDate: options.at },
  );
  return {
    method: options.method ?? "POST",
    url: options.url ?? "/",
    headers: Object.fromEntries(
      Object.entries(signed.headers as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        [value],
      ]),
    ),
    body: Buffer.from(body),
    source: { sourceIp: "127.0.0.1", via: ["test"] },
    protocol: options.protocol ?? "http",
  };
}
