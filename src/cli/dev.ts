// `accountmesh dev`: synthesize when the sources changed, run every account locally, print the entry
// points and one `ready` line, and stop everything on Ctrl-C.
import { join } from "node:path";
import {
  DEFAULT_PORT_BASE,
  type EndpointsFile,
  formatUnsupportedReport,
  type RunningSystem,
  startRuntime,
} from "../local/index.js";
import { AccountmeshError } from "../shared/errors.js";
import { synthesize } from "./synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "./synth-cache.js";

export interface DevOptions {
  readonly inMemory: boolean;
  readonly portBase: number;
  readonly dataDir: string;
  readonly synth: "auto" | "always" | "never";
  readonly verbose: boolean;
  readonly watch: boolean;
}

export const DEV_USAGE = `  dev     run the system locally (synthesizes first when the CDK app or handlers changed)
          --in-memory        keep DynamoDB data in memory (throwaway run)
          --port-base <n>    AWS endpoint port n (default ${DEFAULT_PORT_BASE}); VPC entry points from n+34, listeners from n+134
          --data-dir <dir>   where data, certificates and endpoints.json live (default .accountmesh)
          --synth / --no-synth   always / never synthesize (default: when sources changed)
          --no-watch         do not rebuild function bundles when handler sources change
          --verbose          print every provisioned resource
`;

export function parseDevOptions(args: readonly string[], projectRoot: string): DevOptions {
  let inMemory = false;
  let portBase = DEFAULT_PORT_BASE;
  let dataDir = join(projectRoot, ".accountmesh");
  let synth: DevOptions["synth"] = "auto";
  let verbose = false;
  let watch = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) {
        throw new AccountmeshError("CLI_MISSING_VALUE", `${arg} needs a value.`, { option: arg });
      }
      return next;
    };
    if (arg === "--in-memory") inMemory = true;
    else if (arg === "--synth") synth = "always";
    else if (arg === "--no-synth") synth = "never";
    else if (arg === "--verbose") verbose = true;
    else if (arg === "--no-watch") watch = false;
    else if (arg === "--data-dir") dataDir = value();
    else if (arg === "--port-base") {
      const text = value();
      portBase = Number(text);
      if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65_000) {
        throw new AccountmeshError(
          "CLI_INVALID_PORT_BASE",
          `--port-base must be an integer between 1024 and 65000; received ${JSON.stringify(text)}.`,
        );
      }
    } else {
      throw new AccountmeshError("CLI_UNKNOWN_OPTION", `Unknown option ${JSON.stringify(arg)} for dev.`, {
        option: arg,
      });
    }
  }
  return { inMemory, portBase, dataDir, synth, verbose, watch };
}

export async function runDev(projectRoot: string, options: DevOptions): Promise<RunningSystem> {
  const started = Date.now();
  const say = (line: string) => console.log(`accountmesh: ${line}`);
  const outdir = join(projectRoot, "cdk.out");
  if (options.synth === "always" || (options.synth === "auto" && !isAssemblyCurrent(projectRoot, outdir))) {
    say("synthesizing the CDK app (one stack per account) ...");
    await synthesize(projectRoot, outdir);
    markAssemblyCurrent(projectRoot, outdir);
  } else {
    say("cdk.out is up to date with the sources; not synthesizing");
  }
  const system = await startRuntime({
    assemblyDir: outdir,
    dataDir: options.dataDir,
    inMemory: options.inMemory,
    portBase: options.portBase,
    ...(options.watch ? { watch: { projectRoot } } : {}),
    log: (line) => {
      if (options.verbose || !/: (AWS|Custom)::/.test(line)) say(line);
    },
    functionLog: (line) => console.log(line),
  });
  const report = formatUnsupportedReport(system.unsupported);
  if (report.length > 0) {
    say("not honoured locally (from the templates):");
    for (const line of report) console.log(`  ${line}`);
  }
  printEntryPoints(system.endpoints, system.endpointsFile);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s — Ctrl-C stops everything`);
  return system;
}

function printEntryPoints(endpoints: EndpointsFile, file: string): void {
  console.log("\nentry points (also in %s):", file);
  console.log(`  AWS endpoint          ${endpoints.aws}   (region ${endpoints.region})`);
  for (const [name, vpc] of Object.entries(endpoints.vpcs)) {
    console.log(`  VPC ${name.padEnd(58)} proxy ${vpc.proxy}`);
  }
  console.log(`  outside every VPC ${"".padEnd(44)} proxy ${endpoints.internet}`);
  for (const [name, lb] of Object.entries(endpoints.loadBalancers)) {
    for (const [port, url] of Object.entries(lb.listeners)) {
      console.log(`  load balancer ${name}:${port}  ${url}`);
    }
  }
  for (const [name, api] of Object.entries(endpoints.restApiEndpoints ?? {})) {
    for (const [stage, urls] of Object.entries(api.stages)) {
      const local = urls.local === undefined ? "" : `   without proxy ${urls.local}`;
      console.log(`  REST API ${name} stage ${stage}  ${urls.url}${local}`);
    }
  }
  for (const [account, credentials] of Object.entries(endpoints.accounts)) {
    console.log(
      `  account ${account} administrator: AWS_ACCESS_KEY_ID=${credentials.accessKeyId} (secret in the file)`,
    );
  }
  const consumer = Object.values(endpoints.vpcs)[0];
  if (consumer !== undefined) {
    console.log(`\ntry: curl -x ${consumer.proxy} -k https://<name in a private zone>/...\n`);
  }
}
