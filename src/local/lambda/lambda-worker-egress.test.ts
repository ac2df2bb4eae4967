// A function in a VPC leaves through its VPC's entry point whatever HTTP client its code uses: global
// fetch, undici's own request, node:http (with the caller's own agent too) and node:https (CONNECT);
// the local AWS endpoint (NO_PROXY) is reached directly. Run in a worker thread, as functions are.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, expect, it } from "vitest";

let proxy: Server;
let direct: Server;
const seen: string[] = [];

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  // Stands for the VPC's entry point: answers absolute-form requests, refuses CONNECT with 502 (as
  // the entry point does for a name that does not resolve), and records both.
  proxy = createServer((req, res) => {
    seen.push(`proxy ${req.method} ${req.url}`);
    res.end(`via proxy ${req.url}`);
  });
  proxy.on("connect", (req, socket) => {
    seen.push(`proxy CONNECT ${req.url}`);
    socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
  });
  direct = createServer((req, res) => {
    seen.push(`direct ${req.method} ${req.url}`);
    res.end("direct");
  });
  proxy.listen(0, "127.0.0.1");
  direct.listen(0, "127.0.0.1");
  await Promise.all([once(proxy, "listening"), once(direct, "listening")]);
});

afterAll(() => {
  proxy.close();
  direct.close();
});

it("fetch, undici, node:http and node:https go through the entry point; NO_PROXY hosts do not", async () => {
  const egress = new URL("./lambda-worker-egress.mjs", import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { routeEgressThroughVpc } = await import(workerData.egress);
      routeEgressThroughVpc(process.env);
      const http = await import("node:http");
      const https = await import("node:https");
      const undici = await import("undici");
      const out = [];
      const text = (res) => new Promise((r) => { let b = ""; res.on("data", (d) => (b += d)); res.on("end", () => r(b)); });
      out.push(await (await fetch("http://svc.example.on.aws/fetch?q=1")).text());
      out.push(await (await undici.request("http://svc.example.on.aws/undici")).body.text());
      out.push(await new Promise((r) => http.get("http://svc.example.on.aws/http-get", async (res) => r(await text(res)))));
      out.push(await new Promise((r) => { const req = http.request({ host: "svc.example.on.aws", path: "/own-agent", agent: new http.Agent({ keepAlive: true }) }, async (res) => r(await text(res))); req.end(); }));
      out.push(await new Promise((r) => https.get("https://secure.example.on.aws/tls", (res) => r("answered " + res.statusCode)).on("error", (e) => r("refused: " + e.message))));
      out.push(await (await fetch("http://127.0.0.1:" + workerData.direct + "/aws")).text());
      parentPort.postMessage(out);
    })().catch((e) => parentPort.postMessage(["error " + e.stack]));
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { egress, direct: portOf(direct) },
    env: {
      ...process.env,
      HTTP_PROXY: `http://127.0.0.1:${portOf(proxy)}`,
      HTTPS_PROXY: `http://127.0.0.1:${portOf(proxy)}`,
      NO_PROXY: "127.0.0.1",
    },
  });
  const [answers] = (await once(worker, "message")) as [string[]];
  await worker.terminate();
  expect(answers.slice(0, 4)).toEqual([
    "via proxy http://svc.example.on.aws/fetch?q=1",
    "via proxy http://svc.example.on.aws/undici",
    "via proxy http://svc.example.on.aws/http-get",
    "via proxy http://svc.example.on.aws/own-agent",
  ]);
  // The entry point refused the tunnel; the client sees the refusal, never a direct connection.
  expect(answers[4]).toMatch(/^(refused: |answered 502)/);
  expect(answers[5]).toBe("direct");
  expect(seen).toContain("proxy CONNECT secure.example.on.aws:443");
  expect(seen).toContain("direct GET /aws");
});
