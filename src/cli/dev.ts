// `accountmesh dev`: in a CDK project, synthesize the app when its sources changed (or run a given
// cloud assembly), run every stack locally, print what is not honoured, the stack outputs and the
// entry points, then one `ready` line; Ctrl-C stops everything.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defaultEnvironmentFrom, type RunningSystem, startRuntime } from "../local/index.js";
import { AccountmeshError } from "../shared/errors.js";
import { readCdkProject } from "./cdk-project.js";
import type { CliOptions } from "./cli-options.js";
import { printStartUpReport } from "./start-up-report.js";
import { describeSynth, type SynthRequest, synthesize } from "./synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "./synth-cache.js";

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
