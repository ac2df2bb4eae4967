// The providers reference system (seed 003) running locally for acceptance scenarios: one runtime from
// the real cloud assembly (only the Providers* stacks), the HTTP API's public name, the entry point
// outside every VPC, each account's VPC entry point, and the running workloads.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { ASSEMBLY_DIR } from "./orders-system.js";

export const REGION = "us-west-2";
export const ACCOUNTS = { global: "151515151515", dogNames: "161616161616", todo: "171717171717" } as const;
export const STACKS = {
  global: "ProvidersGlobal",
  dogNames: "ProvidersDogNames",
  todo: "ProvidersTodo",
} as const;
export type Role = keyof typeof ACCOUNTS;

export interface ProvidersSystem {
  readonly system: RunningSystem;
  readonly endpoints: EndpointsFile & Record<string, unknown>;
  readonly dataDir: string;
  /** `https://<apiId>.execute-api.us-west-2.amazonaws.com`, the seed's HttpApiEndpoint without the slash. */
  readonly apiUrl: string;
  /** The API's direct loopback URL (no proxy; stands for the public endpoint). */
  readonly apiLocal: string;
  readonly proxies: Readonly<Record<Role | "internet", string>>;
  /** Every runtime log line so far (workload logs are `[ecs ...]` / `[ec2 ...]` lines). */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

export async function startProvidersSystem(): Promise<ProvidersSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), "accountmesh-providers-"));
  const lines: string[] = [];
  const system = await startRuntime({
    assemblyDir: ASSEMBLY_DIR,
    dataDir,
    inMemory: true,
    portBase: 0,
    stacks: ["Providers*"],
    log: (line) => lines.push(line),
    functionLog: (line) => lines.push(line),
  });
  const endpoints = system.endpoints as EndpointsFile & Record<string, unknown>;
  const apis = endpoints.httpApis as Record<string, { url: string; local: string }>;
  const api = apis[`${ACCOUNTS.global}/global-http-api`];
  if (api === undefined) throw new Error(`no global-http-api in endpoints.json: ${JSON.stringify(apis)}`);
  const vpc = (role: Role) => {
    const found = Object.entries(endpoints.vpcs).find(([name]) =>
      name.startsWith(`${ACCOUNTS[role]}/${STACKS[role]}/`),
    );
    if (found === undefined) throw new Error(`no VPC of ${STACKS[role]} in endpoints.json`);
    return found[1].proxy;
  };
  return {
    system,
    endpoints,
    dataDir,
    apiUrl: api.url,
    apiLocal: api.local,
    proxies: {
      global: vpc("global"),
      dogNames: vpc("dogNames"),
      todo: vpc("todo"),
      internet: endpoints.internet,
    },
    lines,
    stop: () => system.stop(),
  };
}

/** The load balancer of a stack whose label contains `part` (e.g. `FrontNlb`). */
export function loadBalancerOf(
  endpoints: EndpointsFile,
  role: Role,
  part: string,
): EndpointsFile["loadBalancers"][string] {
  const found = Object.entries(endpoints.loadBalancers).find(
    ([name]) => name.startsWith(`${ACCOUNTS[role]}/${STACKS[role]}/`) && name.includes(part),
  );
  if (found === undefined) throw new Error(`no load balancer ${part} of ${STACKS[role]} in endpoints.json`);
  return found[1];
}
