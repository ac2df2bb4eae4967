// One HTTPS request (curl -k style) with an explicit Host header and SNI — or a plain HTTP one for an
// http:// URL: how the bench checks a target answers before loading it, and how B3/B4 poll.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import type { LoadTarget } from "./load.js";

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export function httpsCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; servername?: string } = {},
): Promise<HttpAnswer> {
  const request = url.startsWith("http:") ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? "GET",
        headers: init.headers,
        rejectUnauthorized: false,
        agent: false,
        ...(init.servername === undefined ? {} : { servername: init.servername }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${url}: no answer within 30 s`)));
    req.end(init.body);
  });
}

/** Fails unless the target answers 200 (the bench never measures a target that does not work). */
export async function expectOk(what: string, answer: Promise<HttpAnswer>): Promise<HttpAnswer> {
  const result = await answer;
  if (result.status !== 200) {
    throw new Error(`${what} answered ${result.status}: ${result.body.slice(0, 300)}`);
  }
  return result;
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One request of a load target. */
export function callTarget(target: LoadTarget): Promise<HttpAnswer> {
  return httpsCall(target.url, {
    method: target.method ?? "GET",
    headers: { ...target.headers },
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.servername === undefined ? {} : { servername: target.servername }),
  });
}
