import { startRuntime } from "/work/wt-11/src/local/runtime.js";
const lines: string[] = [];
const t = Date.now();
const system = await startRuntime({ assemblyDir: "/tmp/cdkout-11", dataDir: "/tmp/dir-try-data", inMemory: true, portBase: 0, log: (l) => lines.push(l), functionLog: (l) => lines.push(l) });
console.log("started in", Date.now() - t);
const e = system.endpoints as any;
console.log(JSON.stringify({ vpcs: e.vpcs, lattice: e.latticeServices, region: e.region }, null, 1));
console.log(lines.filter((l) => /lattice|unsupported|Lattice|RAM/i.test(l)).join("\n"));
await system.stop();
