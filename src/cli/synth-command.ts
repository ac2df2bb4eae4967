// `accountmesh synth`: synthesize the app (offline) into its cloud assembly and list its stacks in
// deploy order, with the account and region each runs in locally.
import { type CloudAssemblyModel, defaultEnvironmentFrom, loadAssembly } from "../local/index.js";
import { readCdkProject } from "./cdk-project.js";
import type { CliOptions } from "./cli-options.js";
import { describeSynth, type SynthRequest, synthesize } from "./synth.js";
import { markAssemblyCurrent } from "./synth-cache.js";

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
  for (const line of stackListing(model)) console.log(line);
}

/**
 * The listing `accountmesh synth` prints: one line per stack in deploy order (id, account, region, what
 * it deploys after, whether it had no env), then one line per CDK Stage (nested assembly) with its stack
 * names, which a pipeline deploys and the local runtime does not run.
 */
export function stackListing(model: CloudAssemblyModel): string[] {
  const stacks = model.stacks.map((stack) => {
    const after = stack.dependencies.length > 0 ? `  (after ${stack.dependencies.join(", ")})` : "";
    const agnostic =
      stack.environmentAgnostic === true ? "  (no env: runs locally in this account and region)" : "";
    return `  ${stack.id.padEnd(16)} account ${stack.account}  ${stack.region}${after}${agnostic}`;
  });
  const stages = (model.nestedAssemblies ?? []).map(
    (stage) =>
      `  stage ${stage.displayName}: ${stage.stackNames.join(", ") || "no stacks"}  (deployed by a CDK pipeline; not run locally)`,
  );
  return [...stacks, ...stages];
}
