// A raw HTTP/1.1 client for the fuzzer: it writes whatever bytes it is given (no client library
// would send a malformed head), over a way in a user has — a VPC entry point (CONNECT, then TLS), a
// listener's direct TLS port, or plain TCP — and reads back each answer, or says why there was none.
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/** How to reach a service. */
export type Way =
  | {
      readonly kind: "proxy";
      readonly proxy: string;
      readonly host: string;
      readonly port: number;
      /** Plain HTTP inside the tunnel (a VPC Lattice HTTP listener). @default false (TLS) */
      readonly plain?: boolean;
    }
  | { readonly kind: "tls"; readonly port: number; readonly servername: string }
  | { readonly kind: "tcp"; readonly port: number };

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** An answer, or what happened instead: no connection, a closed or reset connection, a hang. */
export type Outcome =
  | ({ readonly kind: "answer" } & Answer)
  | { readonly kind: "refused"; readonly detail: string }
  | { readonly kind: "no answer"; readonly detail: string }
  | { readonly kind: "hang"; readonly detail: string };

/** A keep-alive connection that reconnects when the server closed the previous one. */
export class Session {
  #socket: Socket | undefined;
  #buffer = Buffer.alloc(0);
  #waiter: (() => void) | undefined;
  #closed = false;
  #error = "";

  constructor(
    private readonly way: Way,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one request and reads its answer; `halfClose` shuts the sending side after it. */
  async send(request: Buffer, options: { head?: boolean; halfClose?: boolean } = {}): Promise<Outcome> {
    const deadline = Date.now() + this.timeoutMs;
    if (this.#socket === undefined || this.#closed) {
      this.close();
      const opened = await this.#open(deadline).catch((error: Error) => error.message);
      if (typeof opened === "string") {
        return opened.startsWith("timeout")
          ? { kind: "hang", detail: opened }
          : { kind: "refused", detail: opened };
      }
    }
    const socket = this.#socket as Socket;
    socket.write(request);
    if (options.halfClose === true) socket.end();
    const outcome = await this.#readAnswer(options.head === true, deadline);
    if (options.halfClose === true || outcome.kind !== "answer") this.close();
    return outcome;
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  async #open(deadline: number): Promise<void> {
    this.#buffer = Buffer.alloc(0);
    this.#closed = false;
    this.#error = "";
    const way = this.way;
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error("timeout while connecting")),
        Math.max(0, deadline - Date.now()),
      ).unref(),
    );
    let socket: Socket;
    if (way.kind === "tcp") {
      socket = await Promise.race([ready(connectTcp(way.port, "127.0.0.1"), "connect"), timeout]);
    } else if (way.kind === "tls") {
      const tls = connectTls({
        port: way.port,
        host: "127.0.0.1",
        servername: way.servername,
        rejectUnauthorized: false,
      });
      socket = await Promise.race([ready(tls, "secureConnect"), timeout]);
    } else {
      const proxy = new URL(way.proxy);
      const tcp = await Promise.race([
        ready(connectTcp(Number(proxy.port), proxy.hostname), "connect"),
        timeout,
      ]);
      tcp.write(`CONNECT ${way.host}:${way.port} HTTP/1.1\r\nHost: ${way.host}:${way.port}\r\n\r\n`);
      const head = await Promise.race([readConnectAnswer(tcp), timeout]);
      if (!/^HTTP\/1\.1 200 /.test(head)) {
        tcp.destroy();
        throw new Error(`CONNECT ${way.host}:${way.port} answered ${head.split("\r\n")[0]}`);
      }
      if (way.plain === true) {
        socket = tcp;
      } else {
        const tls = connectTls({ socket: tcp, servername: way.host, rejectUnauthorized: false });
        socket = await Promise.race([ready(tls, "secureConnect"), timeout]);
      }
    }
    // Events of an earlier connection of this session must not touch the current one.
    socket.on("data", (chunk: Buffer) => {
      if (this.#socket !== socket) return;
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (this.#socket === socket) this.#error = error.code ?? error.message;
    });
    socket.on("close", () => {
      if (this.#socket !== socket) return;
      this.#closed = true;
      this.#wake();
    });
    this.#socket = socket;
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  async #more(deadline: number): Promise<boolean> {
    if (this.#closed) return false;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, remaining);
      timer.unref();
      this.#waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    return true;
  }

  async #readAnswer(head: boolean, deadline: number): Promise<Outcome> {
    for (;;) {
      const parsed = parseAnswer(this.#buffer, head, this.#closed);
      if (parsed !== undefined) {
        this.#buffer = this.#buffer.subarray(parsed.used);
        if (parsed.answer.status >= 100 && parsed.answer.status < 200) continue; // 100 Continue
        if (/close/i.test(parsed.answer.headers.connection ?? "")) this.#closed = true;
        return { kind: "answer", ...parsed.answer };
      }
      if (!(await this.#more(deadline))) {
        if (Date.now() >= deadline)
          return { kind: "hang", detail: `no complete answer within ${this.timeoutMs} ms` };
        const got =
          this.#buffer.length === 0 ? "nothing" : `${this.#buffer.length} bytes of a partial answer`;
        return { kind: "no answer", detail: `connection closed (${this.#error || "FIN"}) after ${got}` };
      }
    }
  }
}

function ready<T extends Socket>(socket: T, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve(socket));
    socket.once("error", reject);
  });
}

function readConnectAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve(text);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => resolve(text || "closed"));
    socket.once("error", reject);
  });
}

/** One complete answer at the start of `buffer`, and how many bytes it took. */
export function parseAnswer(
  buffer: Buffer,
  head: boolean,
  closed: boolean,
): { answer: Answer; used: number } | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "")?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
  }
  const start = end + 4;
  if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { answer: { status, headers, body: Buffer.alloc(0) }, used: start };
  }
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (buffer.length < start + length) return undefined;
    return {
      answer: { status, headers, body: buffer.subarray(start, start + length) },
      used: start + length,
    };
  }
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const chunks: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = buffer.indexOf("\r\n", at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) {
        const trailerEnd = buffer.indexOf("\r\n\r\n", lineEnd);
        if (trailerEnd < 0) return undefined;
        return { answer: { status, headers, body: Buffer.concat(chunks) }, used: trailerEnd + 4 };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  // Neither length nor chunks: the body runs to the end of the connection.
  return closed
    ? { answer: { status, headers, body: buffer.subarray(start) }, used: buffer.length }
    : undefined;
}
