import { execFile } from "node:child_process";
import { promisify } from "node:util";
const run = promisify(execFile);
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { startRuntime } from "/work/wt-11/src/local/runtime.js";
const lines: string[] = [];
const system = await startRuntime({ assemblyDir: "/tmp/cdkout-11", dataDir: "/tmp/dir-try-data", inMemory: true, portBase: 0, log: (l) => lines.push(l), functionLog: (l) => lines.push(l) });
const e = system.endpoints as any;
const proxy = (suffix: string) => Object.entries(e.vpcs).find(([k]) => k.includes(suffix))![1].proxy;
const dns = Object.values(e.latticeServices)[0].dnsName;
const curl = async (p: string, args: string[]) => { try { return (await run("curl", ["-s", "-i", "-x", p, ...args], { encoding: "utf8" })).stdout; } catch (err: any) { return `curl failed ${err.code} ${err.stdout}`; } };
console.log("BLUE q=blue\n", await curl(proxy("DirectoryBlue"), [`http://${dns}/?q=blue`]));
console.log("BLUE q=green\n", await curl(proxy("DirectoryBlue"), [`http://${dns}/?q=green`]));
console.log("PEER q=blue\n", await curl(proxy("bluePeer"), [`http://${dns}/?q=blue`]));
console.log("MAIN\n", await curl(proxy("MainVpc"), [`http://${dns}/?q=blue`]));
const admin = e.accounts["131313131313"];
const lambda = new LambdaClient({ endpoint: e.aws, region: "us-east-1", credentials: admin, maxAttempts: 1 });
for (const fn of ["directory-blue-client", "directory-blue-signed-client", "directory-blue-unpermitted-client"]) {
  const out = await lambda.send(new InvokeCommand({ FunctionName: fn }));
  console.log(fn, out.FunctionError, Buffer.from(out.Payload ?? []).toString());
}
console.log(lines.filter((l) => /VPC Lattice|unsupported|not honour|Error/i.test(l)).slice(-30).join("\n"));
await system.stop();
