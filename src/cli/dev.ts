// `accountmesh dev`: in a CDK project, synthesize the app when its sources changed (or run a given
// cloud assembly), run every stack locally, print what is not honoured, the stack outputs and the
// entry points, then one `ready` line; Ctrl-C stops everything.
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_PORT_BASE,
  defaultEnvironmentFrom,
  LOCAL_DEFAULT_ACCOUNT,
  LOCAL_DEFAULT_REGION,
  type RunningSystem,
  startRuntime,
} from "../local/index.js";
import { AccountmeshError } from "../shared/errors.js";
import { readCdkProject } from "./cdk-project.js";
import type { CliOptions } from "./cli-options.js";
import { printStartUpReport } from "./start-up-report.js";
import { describeSynth, type SynthRequest, synthesize } from "./synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "./synth-cache.js";

/** Options `dev` takes. */
export const DEV_OPTIONS: ReadonlySet<string> = new Set([
  "--help",
  "--app",
  "--assembly",
  "--output",
  "--context",
  "--stacks",
  "--parameters",
  "--account",
  "--region",
  "--in-memory",
  "--port-base",
  "--data-dir",
  "--synth",
  "--no-synth",
  "--no-watch",
  "--verbose",
]);

export const DEV_USAGE = `usage: accountmesh dev [options]

Runs your CDK app locally: every stack of its cloud assembly, with DynamoDB Local, the deployed
function bundles and the resource policies AWS enforces. Run it in your CDK project's directory
(where cdk.json is): it synthesizes the app with the project's own CDK CLI when the sources changed.

  --app <command|dir>     the CDK app command (default: "app" of cdk.json), or a cloud assembly directory
  --assembly <dir>        run an existing cloud assembly (a cdk.out) as it is, without synthesizing
  -c, --context key=value context for the synth, as \`cdk -c\` (repeatable)
  --output <dir>          where the synth writes the cloud assembly (default: cdk.json's "output", or cdk.out)
  --stacks <names>        run only these stacks (comma-separated, * as wildcard) and the stacks they depend on
  --parameters [Stack:]Name=value
                          a template parameter's value, as \`cdk deploy --parameters\` (repeatable)
  --account <12 digits>   account of stacks without env (default ${LOCAL_DEFAULT_ACCOUNT})
  --region <region>       region of stacks without env (default AWS_REGION, AWS_DEFAULT_REGION, else ${LOCAL_DEFAULT_REGION})
  --in-memory             keep DynamoDB data in memory (a throwaway run)
  --port-base <n>         AWS endpoint on port n (default ${DEFAULT_PORT_BASE}); VPC entry points from n+34, listeners from n+134
  --data-dir <dir>        where data, certificates and endpoints.json live (default .accountmesh)
  --synth / --no-synth    always / never synthesize (default: when the app's sources changed)
  --no-watch              do not rebuild function bundles when handler sources change
  --verbose               print every provisioned resource
  -h, --help              this help
`;

/** Synthesizes as needed and starts the runtime; resolves once it is ready. */
export async function runDev(cwd: string, options: CliOptions): Promise<RunningSystem> {
  const started = Date.now();
  const say = (line: string) => console.log(`accountmesh: ${line}`);
  const assemblyDir = await prepareAssembly(cwd, options, say);
  const defaultEnvironment = defaultEnvironmentFrom(process.env, {
    ...(options.account === undefined ? {} : { account: options.account }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  const system = await startRuntime({
    assemblyDir,
    dataDir: options.dataDir,
    inMemory: options.inMemory,
    portBase: options.portBase,
    defaultEnvironment,
    ...(options.stacks.length === 0 ? {} : { stacks: options.stacks }),
    ...(options.parameters.length === 0 ? {} : { parameters: options.parameters }),
    ...(options.watch ? { watch: { projectRoot: cwd } } : {}),
    log: (line) => {
      if (options.verbose || !/: (AWS|Custom)::/.test(line)) say(line);
    },
    functionLog: (line) => console.log(line),
  });
  printStartUpReport(system, defaultEnvironment);
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s — Ctrl-C stops everything`);
  return system;
}

/** The cloud assembly to run: the one given, or the project's, synthesized when its sources changed. */
async function prepareAssembly(
  cwd: string,
  options: CliOptions,
  say: (line: string) => void,
): Promise<string> {
  const given = options.assembly ?? (isAssemblyDir(options.app) ? options.app : undefined);
  if (given !== undefined) {
    say(`running the cloud assembly ${given} as it is (not synthesizing)`);
    return given;
  }
  const project = readCdkProject(cwd);
  const outdir = options.output ?? project.output;
  const request: SynthRequest = {
    project,
    ...(options.app === undefined ? {} : { app: options.app }),
    context: options.context,
    outdir,
  };
  const how = JSON.stringify({ app: options.app ?? null, context: options.context });
  const current = isAssemblyCurrent(project, outdir, how);
  if (options.synth === "never") {
    if (!existsSync(join(outdir, "manifest.json"))) {
      throw new AccountmeshError(
        "CLI_NO_ASSEMBLY",
        `--no-synth: there is no cloud assembly in ${outdir} to run. Run without --no-synth (accountmesh synthesizes the app), or \`npx cdk synth\` first.`,
        { outdir },
      );
    }
    say(
      `--no-synth: running ${outdir} as it is${current ? "" : " (it may be older than the app's sources: they changed since, or it was not synthesized by accountmesh)"}`,
    );
    return outdir;
  }
  if (options.synth === "auto" && current) {
    say(`${outdir} is up to date with the app's sources; not synthesizing`);
    return outdir;
  }
  say(`synthesizing the CDK app into ${outdir} with ${describeSynth(request)} ...`);
  await synthesize(request);
  markAssemblyCurrent(project, outdir, how);
  return outdir;
}

function isAssemblyDir(path: string | undefined): path is string {
  return path !== undefined && existsSync(join(path, "manifest.json"));
}
