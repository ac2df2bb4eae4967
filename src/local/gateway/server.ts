// The one file that touches node:http, node:net and node:tls servers. Everything else is a pure
// `(LocalRequest) => Promise<LocalResponse>`. Sockets carry the NetworkSource stamped by the path
// they took (entry-point proxy, direct listener port); nothing a client sends can change it.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createSecureContext, TLSSocket } from "node:tls";
import { AccountmeshError } from "../../shared/errors.js";
import type { LocalHandler, LocalRequest, LocalResponse, NetworkSource } from "../http/http-types.js";

/** API Gateway's payload limit; larger bodies get 413 before reaching a handler. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const KEEP_ALIVE_MS = 65_000;

export interface TlsKeyPair {
  readonly cert: string;
  readonly key: string;
}

/** Something a connection can be handed to: a local HTTP(S) service. */
export interface Acceptor {
  readonly handler: LocalHandler;
  readonly tls: boolean;
  accept(socket: Duplex, source: NetworkSource): void;
}

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** The result of routing a proxied connection: where it goes, and who the caller is there. */
export type ProxyRoute =
  | { readonly ok: true; readonly acceptor: Acceptor; readonly source: NetworkSource }
  | { readonly ok: false; readonly status: 502 | 504; readonly message: string };

export function createService(handler: LocalHandler, tls?: TlsKeyPair): Acceptor & { close(): void } {
  const sources = new WeakMap<object, NetworkSource>();
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    const source = sources.get(req.socket);
    if (source === undefined) {
      res.writeHead(500).end();
      return;
    }
    void handle(handler, req, res, source, tls === undefined ? "http" : "https");
  });
  const context =
    tls === undefined
      ? undefined
      : createSecureContext({ cert: tls.cert, key: tls.key, minVersion: "TLSv1.2" });
  return {
    handler,
    tls: tls !== undefined,
    accept(socket, source) {
      const connection =
        context === undefined ? socket : new TLSSocket(socket, { isServer: true, secureContext: context });
      connection.on("error", () => connection.destroy());
      sources.set(connection, source);
      server.emit("connection", connection);
    },
    close() {
      server.closeAllConnections();
    },
  };
}

/** A TCP port on 127.0.0.1 whose connections are handed to `acceptor` as `source`. */
export async function listenDirect(
  port: number,
  acceptor: Acceptor,
  source: NetworkSource,
): Promise<Listening> {
  const server = createTcpServer((socket) => acceptor.accept(socket, source));
  return listen(server, port);
}

/** A plain HTTP server on 127.0.0.1 (the local AWS endpoint); the source is the loopback caller. */
export async function listenHttp(port: number, handler: LocalHandler): Promise<Listening> {
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    const source: NetworkSource = { sourceIp: req.socket.remoteAddress ?? "127.0.0.1", via: ["loopback"] };
    void handle(handler, req, res, source, "http");
  });
  return listen(server, port);
}

/**
 * A VPC's entry point: an HTTP forward proxy. CONNECT host:port tunnels to whatever `route` finds
 * for the name from inside the VPC; absolute-form requests (`GET http://host/...`) are served the
 * same way without a tunnel.
 */
export async function listenProxy(
  port: number,
  route: (host: string, port: number) => ProxyRoute,
): Promise<Listening> {
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      writeText(
        res,
        400,
        "accountmesh entry point: send absolute-form requests (http://host/path) or CONNECT.\n",
      );
      return;
    }
    const routed = route(target.hostname, Number(target.port || 80));
    if (!routed.ok) {
      writeText(res, routed.status, `accountmesh entry point: ${routed.message}\n`);
      return;
    }
    if (routed.acceptor.tls) {
      writeText(res, 400, `accountmesh entry point: ${target.host} speaks HTTPS; use https:// (CONNECT).\n`);
      return;
    }
    req.url = `${target.pathname}${target.search}`;
    void handle(routed.acceptor.handler, req, res, routed.source, "http");
  });
  server.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const [host = "", portText = "443"] = splitAuthority(req.url ?? "");
    const routed = route(host, Number(portText));
    if (!routed.ok) {
      const reason = routed.status === 502 ? "Bad Gateway" : "Gateway Timeout";
      const body = `accountmesh entry point: ${routed.message}\n`;
      socket.end(
        `HTTP/1.1 ${routed.status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-accountmesh-error: ${routed.message.replace(/[\r\n]/g, " ")}\r\n\r\n${body}`,
      );
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) {
      socket.unshift(head);
    }
    routed.acceptor.accept(socket, routed.source);
  });
  return listen(server, port);
}

function splitAuthority(authority: string): [string, string] {
  const index = authority.lastIndexOf(":");
  return index < 0
    ? [authority, "443"]
    : [authority.slice(0, index).replace(/^\[|\]$/g, ""), authority.slice(index + 1)];
}

async function listen(server: Server | ReturnType<typeof createTcpServer>, port: number): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(port, "127.0.0.1");
  try {
    await Promise.race([
      once(server, "listening"),
      once(server, "error").then(([error]) => Promise.reject(error)),
    ]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new AccountmeshError(
        "PORT_IN_USE",
        `Port ${port} on 127.0.0.1 is already in use by another program. Stop it, or choose other ports (accountmesh dev --port-base <n>).`,
        { port },
      );
    }
    throw error;
  }
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : port,
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  handler: LocalHandler,
  req: IncomingMessage,
  res: ServerResponse,
  source: NetworkSource,
  protocol: "http" | "https",
): Promise<void> {
  let response: LocalResponse;
  try {
    const body = await readBody(req);
    if (body === undefined) {
      writeText(res, 413, '{"message":"Request Too Long"}', "application/json");
      return;
    }
    const request: LocalRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headersDistinct as Record<string, string[]>,
      body,
      source,
      protocol,
    };
    response = await handler(request);
  } catch (error) {
    response = {
      status: 500,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `accountmesh internal error: ${(error as Error).message}` }),
    };
  }
  if (res.destroyed) {
    return;
  }
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.length) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on("end", () =>
      resolve(
        size > MAX_BODY_BYTES
          ? undefined
          : chunks.length === 1
            ? (chunks[0] as Buffer)
            : Buffer.concat(chunks),
      ),
    );
    req.on("error", reject);
  });
}

function writeText(res: ServerResponse, status: number, text: string, contentType = "text/plain"): void {
  res.writeHead(status, { "content-type": contentType, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}
