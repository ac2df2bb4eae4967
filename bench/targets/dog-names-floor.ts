// B13's floor: the dog names container's own bundle (the image asset's build context in cdk.out) run
// as the runtime runs it — a WorkloadProcess with its port mapped — and called directly, without the
// HTTP API, VPC link, ALB, endpoint and NLB in front. Prints `{"ready":true,"url":...}`; runs until SIGTERM.
import { join } from "node:path";
import { WorkloadProcess } from "../../src/local/workloads/workload-process.js";

const [context] = process.argv.slice(2);
if (context === undefined) throw new Error("usage: dog-names-floor.ts <build context directory>");
const server = new WorkloadProcess({
  label: "B13 floor: dog names",
  args: [join(context, "server.mjs")],
  cwd: context,
  env: { PATH: process.env.PATH ?? "" },
  containerPorts: [8080],
  log: () => {},
});
await server.start();
process.stdout.write(
  `${JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.hostPort(8080)}` })}\n`,
);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
