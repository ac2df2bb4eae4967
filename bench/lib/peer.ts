// B6's peer: serverless v3 + serverless-offline (bench/peer, installed on demand), serving the
// same no-storage function as B2 and the same orders bundle as B1 (same engine), over TLS with a
// certificate like the reference servers', in its default worker-thread mode.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ECHO_RESPONSE_BODY } from "../fixtures/echo-assembly.js";
import type { OrdersFunction } from "./orders-system.js";
import { PROJECT_ROOT, type Target, waitForReady } from "./processes.js";
import { localhostCertificate } from "./tls.js";

const PEER_DIR = join(PROJECT_ROOT, "bench", "peer");

/** `npm ci --prefix bench/peer` when its node_modules is missing. */
export function ensurePeerInstalled(log: (line: string) => void): void {
  if (existsSync(join(PEER_DIR, "node_modules", "serverless-offline"))) return;
  log("installing the peer (npm ci --prefix bench/peer) ...");
  execFileSync("npm", ["ci", "--prefix", PEER_DIR, "--no-audit", "--no-fund"], { stdio: "inherit" });
}

export interface PeerService {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  readonly echoPath: string;
  readonly ordersPath: string;
}

/** Writes a serverless service into `dir` and starts `serverless offline start` there. */
export async function startPeer(
  dir: string,
  orders: OrdersFunction,
  engine: { endpoint: string; accessKeyId: string },
  ports: { http: number; lambda: number },
): Promise<Target<PeerService>> {
  mkdirSync(join(dir, "tls"), { recursive: true });
  mkdirSync(join(dir, "orders"), { recursive: true });
  const tls = await localhostCertificate();
  writeFileSync(join(dir, "tls", "cert.pem"), tls.cert);
  writeFileSync(join(dir, "tls", "key.pem"), tls.key);
  writeFileSync(
    join(dir, "echo.mjs"),
    `const body = ${JSON.stringify(ECHO_RESPONSE_BODY)};\n` +
      'export const handler = async () => ({ statusCode: 200, headers: { "Content-Type": "application/json" }, body });\n',
  );
  copyFileSync(orders.bundleFile, join(dir, "orders", "index.mjs"));
  const environment = {
    ...orders.environment,
    AWS_ENDPOINT_URL: engine.endpoint,
    AWS_ACCESS_KEY_ID: engine.accessKeyId,
    AWS_SECRET_ACCESS_KEY: "bench",
  };
  const yaml = [
    "service: accountmesh-bench-peer",
    'frameworkVersion: "3"',
    "provider:",
    "  name: aws",
    "  runtime: nodejs20.x",
    "  region: eu-central-1",
    "  stage: v1",
    "plugins:",
    "  - serverless-offline",
    "functions:",
    "  echo:",
    "    handler: echo.handler",
    "    events:",
    "      - http: { path: orders, method: post }",
    "  placeOrder:",
    "    handler: orders/index.handler",
    "    timeout: 10",
    "    environment:",
    ...Object.entries(environment).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    "    events:",
    "      - http: { path: food/orders, method: post }",
    "",
  ].join("\n");
  writeFileSync(join(dir, "serverless.yml"), yaml);
  const child = spawn(
    join(PEER_DIR, "node_modules", ".bin", "serverless"),
    [
      "offline",
      "start",
      "--host",
      "127.0.0.1",
      "--httpPort",
      String(ports.http),
      "--lambdaPort",
      String(ports.lambda),
      "--httpsProtocol",
      "tls",
    ],
    {
      cwd: dir,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = `https://127.0.0.1:${ports.http}`;
  return waitForReady<PeerService>(child, "serverless offline", 120_000, (line) =>
    line.includes("Server ready")
      ? { url, echoPath: "/v1/orders", ordersPath: "/v1/food/orders" }
      : undefined,
  );
}
