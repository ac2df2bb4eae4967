// B2's reference: a bare node:https server answering every request with the same bytes the bench's
// no-storage function returns. Prints {"ready":true,"url":...}.
import { createServer } from "node:https";
import { ECHO_RESPONSE_BODY } from "../fixtures/echo-assembly.js";
import { localhostCertificate } from "../lib/tls.js";

const tls = await localhostCertificate();
const body = Buffer.from(ECHO_RESPONSE_BODY);
const server = createServer({ ...tls, keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, url: `https://127.0.0.1:${port}` })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
