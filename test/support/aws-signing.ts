// Signs raw AWS requests with @smithy/signature-v4 (the SDK's own signer) for services whose SDK
// client is not installed (STS, EC2, Secrets Manager), and sends them with fetch.
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** The SDK's Checksum interface over node:crypto (sha256, or HMAC-sha256 with a secret). */
export class NodeSha256 {
  private hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", typeof secret === "string" ? secret : Buffer.from(secret as ArrayBuffer));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data as Uint8Array));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error("not needed");
  }
}

export interface SignedCall {
  readonly service: string;
  readonly region?: string;
  /** A session token, when given, is sent as X-Amz-Security-Token (and signed), as the SDK does. */
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** JSON protocols: `secretsmanager.GetSecretValue`. */
  readonly target?: string;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function signedFetch(endpoint: string, call: SignedCall): Promise<RawResponse> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: call.service,
    region: call.region ?? "eu-central-1",
    credentials: call.credentials,
    sha256: NodeSha256,
  });
  const headers: Record<string, string> = {
    host: url.host,
    "content-type": call.contentType,
    ...(call.target === undefined ? {} : { "x-amz-target": call.target }),
    ...call.headers,
  };
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers,
    body: call.body,
  });
  const response = await fetch(endpoint, { method: "POST", headers: signed.headers, body: call.body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A signed REST call (`method path`, empty body), e.g. S3's `PUT /bucket/key`. */
export async function signedRequest(
  endpoint: string,
  call: {
    readonly service: string;
    readonly credentials: SignedCall["credentials"];
    readonly method: string;
    readonly path: string;
    readonly region?: string;
  },
): Promise<RawResponse> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: call.service,
    region: call.region ?? "eu-central-1",
    credentials: call.credentials,
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: call.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: call.path,
    headers: { host: url.host },
  });
  const response = await fetch(new URL(call.path, endpoint), {
    method: call.method,
    headers: signed.headers,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A JSON-protocol call (awsJson1_1), e.g. `jsonCall(url, creds, "secretsmanager", "GetSecretValue", {...})`. */
export function jsonCall(
  endpoint: string,
  credentials: SignedCall["credentials"],
  service: string,
  target: string,
  input: unknown,
): Promise<RawResponse> {
  return signedFetch(endpoint, {
    service,
    credentials,
    target,
    contentType: "application/x-amz-json-1.1",
    body: JSON.stringify(input),
  });
}

/** A query-protocol call: form-encoded `Action=...&Version=...`. */
export function queryCall(
  endpoint: string,
  credentials: SignedCall["credentials"],
  service: string,
  params: Record<string, string>,
  headers?: Record<string, string>,
  region?: string,
): Promise<RawResponse> {
  return signedFetch(endpoint, {
    service,
    credentials,
    ...(region === undefined ? {} : { region }),
    contentType: "application/x-www-form-urlencoded; charset=utf-8",
    body: new URLSearchParams(params).toString(),
    headers,
  });
}
