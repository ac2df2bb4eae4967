import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { LocalRequest, NetworkSource } from "../http/http-types.js";
import { CertificateAuthority } from "../network/certificate-authority.js";
import { createService, type Listening, listenDirect, listenProxy } from "./server.js";

const run = promisify(execFile);

describe("server: entry-point proxy, TLS services and direct ports", () => {
  const seen: LocalRequest[] = [];
  const listening: Listening[] = [];
  let proxyPort = 0;
  let directPort = 0;
  let caCert = "";

  beforeAll(async () => {
    const ca = await CertificateAuthority.open(undefined);
    caCert = ca.ca.cert;
    const service = createService(
      async (request) => {
        seen.push(request);
        return {
          status: 201,
          headers: { "content-type": "application/json", "x-test": ["a", "b"] },
          body: '{"ok":true}',
        };
      },
      await ca.issue(["*.example.internal"]),
    );
    const inside: NetworkSource = {
      vpc: { id: "vpc-1", account: "111111111111" },
      sourceIp: "192.168.2.10",
      via: ["proxy vpc-1"],
    };
    const proxy = await listenProxy(0, (host) =>
      host === "food.example.internal"
        ? { ok: true, acceptor: service, source: inside }
        : { ok: false, status: 502, message: `${host} does not resolve in vpc-1.` },
    );
    const direct = await listenDirect(0, service, { ...inside, via: ["direct"] });
    listening.push(proxy, direct);
    proxyPort = proxy.port;
    directPort = direct.port;
  });

  afterAll(async () => {
    await Promise.all(listening.map((l) => l.close()));
  });

  it("tunnels CONNECT through real TLS and stamps the source of the path, not of the headers", async () => {
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const caDir = await mkdtemp(join(tmpdir(), "am-ca-"));
    onTestFinished(() => rm(caDir, { recursive: true, force: true }));
    const caFile = join(caDir, "ca.pem");
    await writeFile(caFile, caCert);
    const { stdout } = await run("curl", [
      "-sS",
      "--cacert",
      caFile,
      "-x",
      `http://127.0.0.1:${proxyPort}`,
      "-H",
      "x-amzn-vpce-id: vpce-spoofed",
      "-H",
      "X-Forwarded-For: 6.6.6.6",
      "-d",
      '{"a":1}',
      "-w",
      "\\n%{http_code}",
      "https://food.example.internal/v1/orders?x=1",
    ]);
    expect(stdout).toBe('{"ok":true}\n201');
    const request = seen.at(-1);
    expect(request?.protocol).toBe("https");
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/v1/orders?x=1");
    expect(request?.body.toString()).toBe('{"a":1}');
    expect(request?.source).toEqual({
      vpc: { id: "vpc-1", account: "111111111111" },
      sourceIp: "192.168.2.10",
      via: ["proxy vpc-1"],
    });
    expect(request?.headers["x-amzn-vpce-id"]).toEqual(["vpce-spoofed"]);
  });

  it("refuses names that do not resolve with 502 and says why", async () => {
    const result = await run("curl", [
      "-sS",
      "-k",
      "-x",
      `http://127.0.0.1:${proxyPort}`,
      "https://tea.example.internal/",
    ]).catch((error: { stderr: string }) => error);
    expect(String((result as { stderr: string }).stderr)).toMatch(/502/);
  });

  it("serves the same TLS service on a direct loopback port", async () => {
    const { stdout } = await run("curl", ["-sS", "-k", "-i", `https://127.0.0.1:${directPort}/x`]);
    expect(stdout).toMatch(/^HTTP\/1\.1 201/);
    expect(stdout).toMatch(/x-test: a\r\nx-test: b/);
    expect(seen.at(-1)?.source.via).toEqual(["direct"]);
  });
});
