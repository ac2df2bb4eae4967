// The orders system's crash workload: orders placed with POST /v1/orders through the consumer
// ALB's direct listener (TLS, Host food or beverage), read back with GET /v1/orders/{orderId}.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import type { EndpointsFile } from "../../../src/local/endpoints-file.js";
import { SERVICES, type Service } from "../../support/orders-system.js";
import type { CrashWorkload } from "../crash-scenario.js";

interface PlacedOrder {
  readonly service: Service;
  readonly order: Readonly<Record<string, string>>;
}

const agents = new Map<string, Agent>();

/** One HTTPS exchange with the ALB's direct 443 listener, as `<service>.cross-account-microservices.com`. */
function call(endpoints: EndpointsFile, service: Service, method: string, path: string, body?: string) {
  const listener = Object.values(endpoints.loadBalancers)[0]?.listeners["443"];
  if (listener === undefined) throw new Error("no 443 listener in endpoints.json");
  const url = new URL(listener);
  const host = `${service}.cross-account-microservices.com`;
  const key = `${listener}|${endpoints.caFile}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({
      keepAlive: true,
      ca: endpoints.caFile === undefined ? undefined : readFileSync(endpoints.caFile),
    });
    agents.set(key, agent);
  }
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        servername: host,
        headers: { host, "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

export const ordersCrashWorkload: CrashWorkload<PlacedOrder> = {
  async write(endpoints, n) {
    const service = SERVICES[n % SERVICES.length] as Service;
    const option = service === "food" ? "pizza" : "tea";
    const answer = await call(
      endpoints,
      service,
      "POST",
      "/v1/orders",
      JSON.stringify({ fullName: `crash ${n}`, [service]: option }),
    );
    if (answer.status !== 200) return undefined;
    return { service, order: (JSON.parse(answer.text) as { order: Record<string, string> }).order };
  },
  async readBack(endpoints, placed) {
    const answer = await call(endpoints, placed.service, "GET", `/v1/orders/${placed.order.orderId}`);
    return { status: answer.status, body: answer.status === 200 ? JSON.parse(answer.text) : answer.text };
  },
  expected: (placed) => ({ status: 200, body: placed.order }),
};

/** Drops the keep-alive connections (they belong to the killed process). */
export function resetOrdersClients(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
