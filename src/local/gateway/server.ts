// The one file that touches node:http, node:net and node:tls servers. Everything else is a pure
// `(LocalRequest) => Promise<LocalResponse>`. Sockets carry the NetworkSource stamped by the path
// they took (entry-point proxy, direct listener port); nothing a client sends can change it.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import { createSecureContext, TLSSocket } from "node:tls";
import { AccountmeshError } from "../../shared/errors.js";
import type { LocalHandler, NetworkSource } from "../http/http-types.js";
import { createEntryPointProxy, type ProxyRoute } from "./entry-point-proxy.js";
import { type Acceptor, answerProtocolErrors, handle, SERVER_OPTIONS } from "./server-exchange.js";

export type { ProxyRoute } from "./entry-point-proxy.js";
export type { Acceptor } from "./server-exchange.js";

export interface TlsKeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

export function createService(handler: LocalHandler, tls?: TlsKeyPair): Acceptor & { close(): void } {
  const sources = new WeakMap<object, NetworkSource>();
  const server = createServer(SERVER_OPTIONS, (req, res) => {
    const source = sources.get(req.socket);
    if (source === undefined) {
      res.writeHead(500).end();
      return;
    }
    void handle(handler, req, res, source, tls === undefined ? "http" : "https");
  });
  answerProtocolErrors(server);
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
  // Half-open: a client that shuts its sending side after the request still gets the answer.
  const server = createTcpServer({ allowHalfOpen: true }, (socket) => acceptor.accept(socket, source));
  return listen(server, port);
}

/** A plain HTTP server on 127.0.0.1 (the local AWS endpoint); the source is the loopback caller. */
export async function listenHttp(port: number, handler: LocalHandler): Promise<Listening> {
  const server = createServer(SERVER_OPTIONS, (req, res) => {
    const source: NetworkSource = { sourceIp: req.socket.remoteAddress ?? "127.0.0.1", via: ["loopback"] };
    void handle(handler, req, res, source, "http");
  });
  answerProtocolErrors(server);
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
  return listen(createEntryPointProxy(route), port);
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
