// B1's floor: the orders PlaceOrder bundle from cdk.out, imported in-process and called directly
// behind a bare node:https server — no ALB, endpoint, API Gateway, worker thread or IAM — writing to
// the same DynamoDB engine the runtime uses (under its own access key, so its own database there).
// The handler's log lines are discarded. Argv: <assembly dir> <engine endpoint> <access key id>.
// Prints {"ready":true,"url":...}.
import { createServer } from "node:https";
import { createTables, readOrdersFunction } from "../lib/orders-system.js";
import { lambdaContext, type ProxyHandler, proxyEvent } from "../lib/proxy-event.js";
import { localhostCertificate } from "../lib/tls.js";

const [assemblyDir, engine, accessKeyId] = process.argv.slice(2);
if (assemblyDir === undefined || engine === undefined || accessKeyId === undefined) {
  throw new Error("usage: floor-server.ts <assembly dir> <engine endpoint> <access key id>");
}
const orders = readOrdersFunction(assemblyDir);
await createTables(engine, accessKeyId, orders.tables);
Object.assign(process.env, orders.environment, {
  AWS_REGION: "eu-central-1",
  AWS_ENDPOINT_URL: engine,
  AWS_ACCESS_KEY_ID: accessKeyId,
  AWS_SECRET_ACCESS_KEY: "bench",
});
const { handler } = (await import(orders.bundleFile)) as { handler: ProxyHandler };
const tls = await localhostCertificate();

const server = createServer({ ...tls, keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const path = new URL(req.url ?? "/", "https://localhost").pathname.replace(/^\/v1/, "");
    const event = proxyEvent(req, path, Buffer.concat(chunks).toString("utf8"));
    handler(event, lambdaContext("floor")).then(
      (result) => {
        const body = Buffer.from(result.body ?? "");
        res.writeHead(result.statusCode, { ...result.headers, "content-length": body.length }).end(body);
      },
      () => res.writeHead(502).end(),
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, url: `https://127.0.0.1:${port}` })}\n`);
  // From here on the handler's logs go nowhere (the runtime's go to a no-op functionLog too).
  process.stdout.write = () => true;
});
process.on("SIGTERM", () => process.exit(0));
