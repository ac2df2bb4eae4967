// A client that signs its call to the directory service with SigV4 (service `vpc-lattice-svcs`,
// payload unsigned as Lattice requires), with the function's own role credentials, so that the auth
// policy sees a principal and the role's identity policy must allow `vpc-lattice-svcs:Invoke` too.
// Source: VPC Lattice User Guide, "SIGv4 authenticated requests".
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 (HMAC when keyed) in the shape SignatureV4 expects. */
class Sha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

export async function handler(): Promise<{ status: number; body: string }> {
  const url = new URL(process.env.ENDPOINT ?? "");
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION } = process.env;
  const signer = new SignatureV4({
    service: "vpc-lattice-svcs",
    region: AWS_REGION ?? "us-east-1",
    credentials: {
      accessKeyId: AWS_ACCESS_KEY_ID ?? "",
      secretAccessKey: AWS_SECRET_ACCESS_KEY ?? "",
      ...(AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: AWS_SESSION_TOKEN }),
    },
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.sign({
    method: "GET",
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
  });
  const response = await fetch(url, { method: "GET", headers: signed.headers as Record<string, string> });
  const result = { status: response.status, body: await response.text() };
  console.log(JSON.stringify({ endpoint: url.href, signed: true, ...result }));
  return result;
}
