// Hands a request to a workload process on its loopback port, as a load balancer hands a connection
// to a target: method, target and headers unchanged, the body whole; the process's answer comes back
// as it was written. A refused connection is TargetUnreachableError (the process is not listening).
import { Agent, request as httpRequest } from "node:http";
import type { LocalHandler, LocalResponse } from "../http/http-types.js";
import { TargetUnreachableError } from "../network/front-door-registry.js";

/** The handler of a process listening on `127.0.0.1:<port()>` (undefined port: not running). */
export function forwardToProcess(label: string, port: () => number | undefined): LocalHandler {
  // Kept-alive connections, as a load balancer keeps them to its targets (a new one per request costs
  // more than the rest of the path).
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return (request) =>
    new Promise<LocalResponse>((resolve, reject) => {
      const target = port();
      if (target === undefined) {
        reject(new TargetUnreachableError(`${label} is not running (connection refused)`));
        return;
      }
      const headers: Record<string, string | string[]> = {};
      for (const [name, values] of Object.entries(request.headers)) {
        headers[name] = values.length === 1 ? (values[0] ?? "") : [...values];
      }
      const outgoing = httpRequest(
        { host: "127.0.0.1", port: target, method: request.method, path: request.url, headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const out: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(response.headersDistinct)) {
              if (
                value !== undefined &&
                name !== "connection" &&
                name !== "keep-alive" &&
                name !== "transfer-encoding"
              ) {
                out[name] = value.length === 1 ? (value[0] ?? "") : value;
              }
            }
            resolve({ status: response.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
          response.on("error", reject);
        },
      );
      outgoing.on("error", (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "ECONNREFUSED"
            ? new TargetUnreachableError(`${label} refused the connection on port ${target}`)
            : error,
        ),
      );
      outgoing.end(request.body);
    });
}
