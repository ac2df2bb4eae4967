// Runs the real `curl` the way a user does (`curl -x <entry point> -k https://...`) and reads back
// what it saw: the CONNECT answer of the proxy, the HTTP status, the headers and the body.
// Needs curl ≥ 7.83 (`--write-out` with %{stderr}, %{json} and %{header_json}); Debian 12 has 7.88.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import type { Socket } from "node:net";
import { connect } from "node:tls";

export interface CurlResult {
  /** curl's exit code: 0, or e.g. 56 when the proxy refused the CONNECT. */
  readonly exitCode: number;
  /** The proxy's answer to CONNECT (200 tunnel established, 502 name does not resolve), 0 without proxy. */
  readonly connectStatus: number;
  /** The HTTP status of the response, 0 when there was none. */
  readonly status: number;
  /** Response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** curl's own error line, e.g. `curl: (56) CONNECT tunnel failed, response 502`. */
  readonly error: string;
}

export interface CurlOptions {
  /** `-x <proxy>`: the VPC entry point the request leaves from. */
  readonly proxy?: string;
  /** Written to curl's standard input (use `--data-binary @-` in the arguments). */
  readonly input?: string | Buffer;
}

const MARK = "\n~~accountmesh-curl~~\n";

/** `curl <args>` with `-x proxy` prepended; status, headers and body captured with `--write-out`. */
export async function curl(args: readonly string[], options: CurlOptions = {}): Promise<CurlResult> {
  const argv = [
    "--silent",
    "--show-error",
    "--output",
    "-",
    "--write-out",
    `%{stderr}${MARK}%{json}${MARK}%{header_json}${MARK}`,
    ...(options.proxy === undefined ? [] : ["-x", options.proxy]),
    ...args,
  ];
  const child = spawn("curl", argv, { stdio: ["pipe", "pipe", "pipe"] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(options.input ?? "");
  const [code] = (await once(child, "close")) as [number | null];
  const err = Buffer.concat(stderr).toString("utf8");
  const [error = "", info = "{}", headerJson = "{}"] = err.split(MARK);
  const written = JSON.parse(info) as { http_code?: number; http_connect?: number };
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(JSON.parse(headerJson || "{}") as Record<string, string[]>)) {
    headers[name.toLowerCase()] = values.join(", ");
  }
  return {
    exitCode: code ?? -1,
    connectStatus: written.http_connect ?? 0,
    status: written.http_code ?? 0,
    headers,
    body: Buffer.concat(stdout).toString("utf8"),
    error: error.trim(),
  };
}

/** The parsed JSON body (throws with the raw body when it is not JSON). */
export function jsonOf(result: CurlResult): unknown {
  try {
    return JSON.parse(result.body);
  } catch {
    throw new Error(`expected a JSON body, got status ${result.status}: ${JSON.stringify(result.body)}`);
  }
}

/**
 * The SHA-256 fingerprint of the leaf certificate a TLS server presents to a client that reached it
 * through `proxy` (HTTP CONNECT), with SNI `host`.
 */
export async function leafFingerprint(proxy: string, host: string, port = 443): Promise<string> {
  const proxyUrl = new URL(proxy);
  const connectRequest = request({
    host: proxyUrl.hostname,
    port: Number(proxyUrl.port),
    method: "CONNECT",
    path: `${host}:${port}`,
    headers: { host: `${host}:${port}` },
  });
  connectRequest.end();
  const [response, socket] = (await once(connectRequest, "connect")) as [{ statusCode?: number }, Socket];
  if (response.statusCode !== 200) {
    socket.destroy();
    throw new Error(`CONNECT ${host}:${port} through ${proxy} answered ${response.statusCode}`);
  }
  const tls = connect({ socket, servername: host, rejectUnauthorized: false });
  await once(tls, "secureConnect");
  const fingerprint = tls.getPeerCertificate().fingerprint256;
  tls.destroy();
  return fingerprint;
}
