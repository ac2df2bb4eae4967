// A VPC's entry point: an HTTP forward proxy on loopback. CONNECT host:port tunnels to whatever the
// route finds for the name from inside the VPC; absolute-form requests (`GET http://host/...`) are
// served the same way without a tunnel.
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { NetworkSource } from "../http/http-types.js";
import { type Acceptor, answerProtocolErrors, handle, SERVER_OPTIONS, writeText } from "./server-exchange.js";

/** The result of routing a proxied connection: where it goes, and who the caller is there. */
export type ProxyRoute =
  | { readonly ok: true; readonly acceptor: Acceptor; readonly source: NetworkSource }
  | { readonly ok: false; readonly status: 502 | 504; readonly message: string };

/** The proxy's HTTP server (not listening yet): `route` decides every CONNECT and absolute-form request. */
export function createEntryPointProxy(route: (host: string, port: number) => ProxyRoute) {
  const server = createServer(SERVER_OPTIONS, (req, res) => {
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
    // The target's authority is the host the service sees, whatever Host says (RFC 9112 §3.2.2).
    void handle(routed.acceptor.handler, req, res, routed.source, "http", {
      url: `${target.pathname}${target.search}`,
      host: target.host,
    });
  });
  answerProtocolErrors(server);
  server.removeAllListeners("connect"); // here CONNECT is the point
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
  return server;
}

function splitAuthority(authority: string): [string, string] {
  const index = authority.lastIndexOf(":");
  return index < 0
    ? [authority, "443"]
    : [authority.slice(0, index).replace(/^\[|\]$/g, ""), authority.slice(index + 1)];
}
