// One HTTP exchange on a server of server.ts: the request head checked as a load balancer does,
// the body read, the LocalHandler called, its LocalResponse written. And what happens before a
// handler can be called: malformed or oversized heads, CONNECT to something that is not a proxy,
// clients that half-close. Every such request gets an answer with a body, and the connection is
// closed cleanly (FIN after the answer, the rest of the request read and dropped), never reset.
//
// AWS sources: Application Load Balancer troubleshooting, "HTTP 400: Bad request" (malformed
// requests; request line over 16K, one header over 16K, the whole head over 64K); Classic Load
// Balancer troubleshooting, "HTTP 400" (CONNECT is not supported); RFC 9112 §3.2 (400 for more than
// one Host) and §3.2.2 (absolute-form: the target's authority wins over Host).
import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { dictionary } from "../../shared/dictionary.js";
import type { LocalHandler, LocalRequest, LocalResponse, NetworkSource } from "../http/http-types.js";

/** API Gateway's payload limit; larger bodies get 413 before reaching a handler. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** ALB: the whole request head (node's parser enforces it: maxHeaderSize). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** ALB: the request line, and each header line. */
const MAX_LINE_BYTES = 16 * 1024;
/** How long a rejected connection may go on sending before it is closed anyway. */
const LINGER_MS = 2_000;

/** Something a connection can be handed to: a local HTTP(S) service (server.ts createService). */
export interface Acceptor {
  readonly handler: LocalHandler;
  readonly tls: boolean;
  accept(socket: Duplex, source: NetworkSource): void;
}

/** Server options every server of server.ts shares. */
export const SERVER_OPTIONS = { keepAliveTimeout: 65_000, maxHeaderSize: MAX_HEAD_BYTES } as const;

/**
 * Makes `server` answer what node's parser rejects (400, 408, 413) and CONNECT (400: not a proxy)
 * with a body and a clean close, and answer clients that half-close after their request.
 */
export function answerProtocolErrors(server: Server): void {
  // Node answers a client that half-closed only with this (an own property since Node 0.x).
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? 408
        : error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
          ? 413
          : 400;
    const reason =
      error.code === "HPE_HEADER_OVERFLOW"
        ? `the request head is over ${MAX_HEAD_BYTES / 1024} KiB (a load balancer's limit)`
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "the request was not received in time"
          : `malformed request (${error.code ?? "parse error"}: ${error.message})`;
    rejectConnection(socket, status, reason);
  });
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    rejectConnection(socket, 400, "CONNECT is for the VPC entry points (proxies), not for this service");
  });
}

const rejected = new WeakSet<Duplex>();

/** Writes one final answer on a raw connection, then closes it cleanly (idempotent). */
export function rejectConnection(socket: Duplex, status: number, reason: string): void {
  if (rejected.has(socket)) return; // node's parser reports every later chunk again
  rejected.add(socket);
  socket.on("error", () => socket.destroy());
  const message = socket as Duplex & { _httpMessage?: { headersSent?: boolean } };
  if (!socket.writable || message._httpMessage?.headersSent === true) {
    socket.destroy();
    return;
  }
  const body = `accountmesh: ${status} ${STATUS_CODES[status] ?? ""}: ${reason.replace(/[\r\n]+/g, " ")}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  lingerThenClose(socket);
}

/** Reads and drops what the client still sends until it closes, or LINGER_MS at most. */
function lingerThenClose(socket: Duplex): void {
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.resume();
}

/** What a request head must satisfy before any handler sees it; the refusal, or the target. */
function checkHead(req: IncomingMessage): { url: string; host?: string } | { refuse: string } {
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length > 1) return { refuse: "more than one Host header" };
  if ((req.method?.length ?? 0) + (req.url?.length ?? 0) > MAX_LINE_BYTES) {
    return { refuse: `the request line is over ${MAX_LINE_BYTES / 1024} KiB (a load balancer's limit)` };
  }
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i]?.length ?? 0) + (raw[i + 1]?.length ?? 0) > MAX_LINE_BYTES) {
      return { refuse: `header ${raw[i]} is over ${MAX_LINE_BYTES / 1024} KiB (a load balancer's limit)` };
    }
  }
  const url = req.url ?? "/";
  if (url.startsWith("/") || (url === "*" && req.method === "OPTIONS")) return { url };
  // Absolute-form (`GET https://host/path`): the target's authority is the host (RFC 9112 §3.2.2).
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { refuse: `request target ${JSON.stringify(url.slice(0, 100))} is neither a path nor a URL` };
  }
  if (!/^https?:$/.test(target.protocol) || target.host === "") {
    return { refuse: `request target ${JSON.stringify(url.slice(0, 100))} is not an http(s) URL` };
  }
  return { url: `${target.pathname}${target.search}`, host: target.host };
}

/**
 * Turns one request into a LocalRequest, calls `handler` and writes its response. `target`
 * overrides the request target and Host (the entry point's absolute-form requests).
 */
export async function handle(
  handler: LocalHandler,
  req: IncomingMessage,
  res: ServerResponse,
  source: NetworkSource,
  protocol: "http" | "https",
  target?: { readonly url: string; readonly host: string },
): Promise<void> {
  const head = target ?? checkHead(req);
  let response: LocalResponse;
  try {
    const body = await readBody(req);
    if (body === undefined) {
      writeText(res, 413, '{"message":"Request Too Long"}', "application/json");
      return;
    }
    if ("refuse" in head) {
      writeText(res, 400, `accountmesh: 400 Bad Request: ${head.refuse}\n`);
      return;
    }
    const headers = req.headersDistinct as Record<string, string[]>;
    const request: LocalRequest = {
      method: req.method ?? "GET",
      url: head.url,
      headers:
        head.host === undefined ? headers : dictionary([...Object.entries(headers), ["host", [head.host]]]),
      body,
      source,
      protocol,
    };
    response = await handler(request);
  } catch (error) {
    if (req.destroyed && !req.complete) {
      res.destroy(); // the client went away mid-request: nobody to answer
      return;
    }
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

export function writeText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = "text/plain",
): void {
  res.writeHead(status, { "content-type": contentType, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}
