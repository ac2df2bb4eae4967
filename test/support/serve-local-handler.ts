// Serves a LocalHandler on a loopback port for tests (a stand-in for gateway/server.ts): the source
// of every request is the loopback caller, outside any VPC.
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalHandler, LocalRequest, NetworkSource } from "../../src/local/http/http-types.js";

export interface ServedHandler {
  readonly url: string;
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? "").toLowerCase();
    const values = headers[name] ?? [];
    values.push(req.rawHeaders[i + 1] ?? "");
    headers[name] = values;
  }
  return headers;
}

export async function serveLocalHandler(
  handler: LocalHandler,
  source: NetworkSource = { sourceIp: "127.0.0.1", via: ["test"] },
): Promise<ServedHandler> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: LocalRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: headersOf(req),
        body: Buffer.concat(chunks),
        source,
        protocol: "http",
      };
      handler(request).then(
        (response) => {
          res.writeHead(response.status, response.headers as Record<string, string | string[]>);
          res.end(response.body);
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(error));
        },
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
