// The runtime under test, in its own process (bench/targets/runtime-server.ts).
import { join } from "node:path";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { PROJECT_ROOT, spawnTarget, type Target } from "./processes.js";

export interface RuntimeInfo {
  readonly startMs: number;
  readonly endpoints: EndpointsFile;
  /** The DynamoDB Local process the runtime started. */
  readonly engine?: { readonly pid: number; readonly endpoint: string };
}

export interface RuntimeTargetOptions {
  readonly nodeFlags?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Only these stacks of the assembly, comma-separated patterns (default `*`: all). */
  readonly stacks?: string;
}

export function startRuntimeTarget(
  assemblyDir: string,
  dataDir: string,
  options: RuntimeTargetOptions = {},
): Promise<Target<RuntimeInfo>> {
  return spawnTarget<RuntimeInfo>(join(PROJECT_ROOT, "bench", "targets", "runtime-server.ts"), {
    args: [assemblyDir, dataDir, "--in-memory", "--stacks", options.stacks ?? "*"],
    ...(options.nodeFlags === undefined ? {} : { nodeFlags: options.nodeFlags }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}

/** The direct loopback URL of the one HTTPS listener of the system's (only) load balancer. */
export function listenerUrl(info: RuntimeInfo): string {
  for (const loadBalancer of Object.values(info.endpoints.loadBalancers)) {
    const url = loadBalancer.listeners["443"];
    if (url !== undefined) return url;
  }
  throw new Error("the system has no HTTPS listener on 443");
}
