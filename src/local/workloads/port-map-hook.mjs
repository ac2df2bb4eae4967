// Preloaded (`node --import`) into every workload process: a server listening on one of the
// container's ports (ACCOUNTMESH_CONTAINER_PORTS, e.g. "[8080]") listens instead on a free port of
// 127.0.0.1, and the process tells its host which (IPC message `{ t: "listening", containerPort,
// hostPort }`). This is the port mapping Docker would do; the workload's code runs unchanged.
import net from "node:net";

const containerPorts = new Set(JSON.parse(process.env.ACCOUNTMESH_CONTAINER_PORTS ?? "[]").map(Number));
delete process.env.ACCOUNTMESH_CONTAINER_PORTS;
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function (...args) {
  const [first] = args;
  const requested = typeof first === "object" && first !== null ? first.port : first;
  const containerPort = Number(requested);
  if (!containerPorts.has(containerPort)) return listen.apply(this, args);
  this.once("listening", () => {
    process.send?.({ t: "listening", containerPort, hostPort: this.address().port });
  });
  if (typeof first === "object" && first !== null) {
    return listen.call(this, { ...first, port: 0, host: "127.0.0.1" }, ...args.slice(1));
  }
  const rest = typeof args[1] === "string" ? args.slice(2) : args.slice(1);
  return listen.call(this, 0, "127.0.0.1", ...rest);
};
