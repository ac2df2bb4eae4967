// `accountmesh synth`: synthesize the app (offline) into its cloud assembly and list its stacks in
// deploy order, with the account and region each runs in locally.
import { defaultEnvironmentFrom, loadAssembly } from "../local/index.js";
import { readCdkProject } from "./cdk-project.js";
import type { CliOptions } from "./cli-options.js";
import { describeSynth, type SynthRequest, synthesize } from "./synth.js";
import { markAssemblyCurrent } from "./synth-cache.js";

export const SYNTH_OPTIONS: ReadonlySet<string> = new Set([
  "--help",
  "--app",
  "--output",
  "--context",
  "--account",
  "--region",
]);

export const SYNTH_USAGE = `usage: accountmesh synth [options]

Synthesizes your CDK app into its cloud assembly, offline (no AWS credentials used), with the
project's own CDK CLI when it has one, and lists its stacks in deploy order.

  --app <command>         the CDK app command (default: "app" of cdk.json)
  -c, --context key=value context for the synth, as \`cdk -c\` (repeatable)
  --output <dir>          where the cloud assembly goes (default: cdk.json's "output", or cdk.out)
  --account <12 digits>   account shown for stacks without env (as \`dev\` would run them)
  --region <region>       region shown for stacks without env
  -h, --help              this help
`;

export async function runSynth(cwd: string, options: CliOptions): Promise<void> {
  const project = readCdkProject(cwd);
  const outdir = options.output ?? project.output;
  const request: SynthRequest = {
    project,
    ...(options.app === undefined ? {} : { app: options.app }),
    context: options.context,
    outdir,
  };
  console.log(`accountmesh: synthesizing the CDK app into ${outdir} with ${describeSynth(request)} ...`);
  await synthesize(request);
  markAssemblyCurrent(
    project,
    outdir,
    JSON.stringify({ app: options.app ?? null, context: options.context }),
  );
  const defaultEnvironment = defaultEnvironmentFrom(process.env, {
    ...(options.account === undefined ? {} : { account: options.account }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  const model = await loadAssembly(outdir, { defaultEnvironment });
  console.log(`\naccountmesh: stacks in ${outdir}, in deploy order:`);
  for (const stack of model.stacks) {
    const after = stack.dependencies.length > 0 ? `  (after ${stack.dependencies.join(", ")})` : "";
    const agnostic =
      stack.environmentAgnostic === true ? "  (no env: runs locally in this account and region)" : "";
    console.log(`  ${stack.id.padEnd(16)} account ${stack.account}  ${stack.region}${after}${agnostic}`);
  }
}
