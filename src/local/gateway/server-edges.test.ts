// Protocol edges at the entry points and listeners, over real sockets: what reaches no handler gets
// an answer with a body and a clean close (FIN, never a reset), as a load balancer answers.
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRequest, NetworkSource } from "../http/http-types.js";
import { CertificateAuthority } from "../network/certificate-authority.js";
import { createService, type Listening, listenDirect, listenHttp, listenProxy } from "./server.js";

interface Exchange {
  /** Everything the server sent. */
  readonly text: string;
  /** How the connection ended: `close` after a FIN, or the socket error's code (ECONNRESET). */
  readonly ended: string;
}

const seen: LocalRequest[] = [];
const listening: Listening[] = [];
const ports = { proxy: 0, direct: 0, http: 0 };
const HOST = "food.example.internal";

beforeAll(async () => {
  const ca = await CertificateAuthority.open(undefined);
  const handler = async (request: LocalRequest) => {
    seen.push(request);
    await new Promise((resolve) => setTimeout(resolve, 20)); // an answer that takes a moment
    return { status: 200, headers: { "content-type": "text/plain" }, body: `seen ${request.url}` };
  };
  const service = createService(handler, await ca.issue(["*.example.internal"]));
  const inside: NetworkSource = { sourceIp: "192.168.2.10", via: ["proxy vpc-1"] };
  const proxy = await listenProxy(0, (host) =>
    host.endsWith(".example.internal")
      ? { ok: true, acceptor: service, source: inside }
      : { ok: false, status: 502, message: `${host} does not resolve.` },
  );
  const direct = await listenDirect(0, service, { ...inside, via: ["direct"] });
  const http = await listenHttp(0, handler);
  listening.push(proxy, direct, http);
  Object.assign(ports, { proxy: proxy.port, direct: direct.port, http: http.port });
});

afterAll(async () => {
  await Promise.all(listening.map((l) => l.close()));
});

/** A socket to the service: through the entry point (CONNECT, then TLS), the direct TLS port, or plain HTTP. */
async function open(via: "proxy" | "direct" | "http"): Promise<Socket> {
  if (via === "http") return connected(connectTcp(ports.http, "127.0.0.1"), "connect");
  if (via === "direct") {
    const tls = connectTls({
      port: ports.direct,
      host: "127.0.0.1",
      servername: HOST,
      rejectUnauthorized: false,
    });
    return connected(tls, "secureConnect");
  }
  const tcp = await connected(connectTcp(ports.proxy, "127.0.0.1"), "connect");
  tcp.write(`CONNECT ${HOST}:443 HTTP/1.1\r\nHost: ${HOST}:443\r\n\r\n`);
  let head = "";
  while (!head.includes("\r\n\r\n")) {
    head += await new Promise<string>((resolve) =>
      tcp.once("data", (chunk: Buffer) => resolve(chunk.toString())),
    );
  }
  expect(head).toMatch(/^HTTP\/1\.1 200 /);
  const tls = connectTls({ socket: tcp, servername: HOST, rejectUnauthorized: false });
  return connected(tls, "secureConnect");
}

function connected<T extends Socket>(socket: T, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Writes `request` (then shuts the sending side when `halfClose`) and reads until the connection ends. */
async function exchange(
  via: "proxy" | "direct" | "http",
  request: string | Buffer,
  halfClose = false,
): Promise<Exchange> {
  const socket = await open(via);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<string>((resolve) => {
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.once("close", () => resolve("close"));
  });
  socket.write(request);
  if (halfClose) socket.end();
  else setTimeout(() => socket.end(), 5000).unref(); // a keep-alive answer: stop waiting for more
  return { ended: await ended, text: Buffer.concat(chunks).toString("utf8") };
}

const VIAS = ["proxy", "direct", "http"] as const;

describe("protocol edges at the entry points and listeners", () => {
  it.each(VIAS)(
    "answers CONNECT inside the connection (%s) with 400 and a body, then closes cleanly",
    async (via) => {
      const before = seen.length;
      const result = await exchange(
        via,
        "CONNECT other.example.internal:443 HTTP/1.1\r\nHost: other.example.internal:443\r\n\r\n",
      );
      expect(result.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(result.text).toMatch(/connection: close/i);
      expect(result.text).toContain("CONNECT is for the VPC entry points");
      expect(result.ended).toBe("close");
      expect(seen.length).toBe(before);
    },
  );

  it.each(VIAS)(
    "answers a request head over 64 KiB (%s) with 400 and a body, then closes without a reset",
    async (via) => {
      const filler = Array.from({ length: 20 }, (_, i) => `x-filler-${i}: ${"a".repeat(8000)}\r\n`).join("");
      const result = await exchange(via, `GET /big HTTP/1.1\r\nHost: ${HOST}\r\n${filler}\r\n`);
      expect(result.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(result.text).toContain("the request head is over 64 KiB");
      expect(result.ended).toBe("close");
    },
  );

  it.each([
    [
      "request line",
      `GET /${"a".repeat(17_000)} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`,
      "the request line is over 16 KiB",
    ],
    [
      "header line",
      `GET / HTTP/1.1\r\nHost: ${HOST}\r\nx-long: ${"b".repeat(17_000)}\r\nConnection: close\r\n\r\n`,
      "header x-long is over 16 KiB",
    ],
  ])("answers a %s over 16 KiB with 400 (ALB's limit), no handler", async (_what, request, reason) => {
    const before = seen.length;
    const result = await exchange("direct", request);
    expect(result.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(result.text).toContain(reason);
    expect(seen.length).toBe(before);
  });

  it.each(VIAS)(
    "routes an absolute-form target for another host (%s) by the target, not by Host",
    async (via) => {
      const result = await exchange(
        via,
        `GET https://beverage.example.internal/v1/orders?limit=1 HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`,
      );
      expect(result.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(result.text).toContain("seen /v1/orders?limit=1");
      expect(seen.at(-1)?.url).toBe("/v1/orders?limit=1");
      expect(seen.at(-1)?.headers.host).toEqual(["beverage.example.internal"]);
    },
  );

  it("gives the service the target's host for absolute-form requests through the entry point (plain HTTP)", async () => {
    const tcp = await connected(connectTcp(ports.proxy, "127.0.0.1"), "connect");
    const chunks: Buffer[] = [];
    tcp.on("data", (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => tcp.once("close", resolve));
    tcp.end("GET http://tea.example.internal/x HTTP/1.1\r\nHost: food.example.internal\r\n\r\n");
    await closed;
    // The service speaks TLS: the entry point says so, naming the target's host.
    expect(Buffer.concat(chunks).toString()).toContain("tea.example.internal speaks HTTPS");
  });

  it.each(VIAS)("rejects duplicate Host headers (%s) with 400 before any handler", async (via) => {
    const before = seen.length;
    const result = await exchange(
      via,
      `GET /dup HTTP/1.1\r\nHost: ${HOST}\r\nHost: evil.example.internal\r\nConnection: close\r\n\r\n`,
    );
    expect(result.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(result.text).toContain("more than one Host header");
    expect(seen.length).toBe(before);
  });

  it.each(VIAS)("answers a client that half-closes after its request (%s)", async (via) => {
    const result = await exchange(
      via,
      `POST /half HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 2\r\n\r\nhi`,
      true,
    );
    expect(result.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.text).toContain("seen /half");
    expect(result.ended).toBe("close");
    expect(seen.at(-1)?.body.toString()).toBe("hi");
  });

  it.each(VIAS)("answers a malformed request (%s) with 400 and a body, then closes cleanly", async (via) => {
    const result = await exchange(via, `G(T / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
    expect(result.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(result.text).toContain("malformed request");
    expect(result.ended).toBe("close");
  });
});
