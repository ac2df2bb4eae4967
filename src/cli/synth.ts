// Synthesizing the user's CDK app into a cloud assembly, offline, as `cdk synth` does: with the
// project's own CDK CLI when it has one (`node_modules/.bin/cdk synth`), otherwise by running the
// app command itself with the environment the CDK CLI gives an app (CDK_OUTDIR, CDK_CONTEXT_JSON).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { DEPLOY_TARGET_CONTEXT } from "../shared/deploy-target.js";
import { AccountmeshError } from "../shared/errors.js";
import type { CdkProject } from "./cdk-project.js";

/** Environment that keeps the CDK CLI offline (see TOOLCHAIN.md). */
export const OFFLINE_CDK_ENV = {
  CDK_DISABLE_CLI_TELEMETRY: "true",
  AWS_EC2_METADATA_DISABLED: "true",
} as const;

/**
 * Context every local synth carries: the assembly is for the local runtime
 * (`accountmesh:target=local`), so AWS credentials in the environment, which make the CDK CLI pass
 * `CDK_DEFAULT_ACCOUNT`, do not turn a local run into a deploy check (apps that read it).
 */
export const LOCAL_CONTEXT = { [DEPLOY_TARGET_CONTEXT]: "local" } as const;

export interface SynthRequest {
  readonly project: CdkProject;
  /** `--app`: the command to run instead of cdk.json's `app`. */
  readonly app?: string;
  /** `-c key=value` pairs, as the CDK CLI takes them. */
  readonly context?: Readonly<Record<string, string>>;
  /** Where the cloud assembly goes. */
  readonly outdir: string;
  /** Print the toolkit's output only when it fails. */
  readonly quiet?: boolean;
}

/** The CDK CLI's `synth` arguments for a local synth into `outdir`. */
export function localSynthArgs(
  outdir: string,
  app?: string,
  context: Readonly<Record<string, string>> = {},
): string[] {
  const contextArgs = Object.entries({ ...context, ...LOCAL_CONTEXT }).flatMap(([key, value]) => [
    "--context",
    `${key}=${value}`,
  ]);
  return [
    "synth",
    "--quiet",
    "--no-notices",
    "--output",
    outdir,
    ...(app === undefined ? [] : ["--app", app]),
    ...contextArgs,
  ];
}

/** How a synth of this project runs, in words (`synthesizing ... with <this>`). */
export function describeSynth(request: SynthRequest): string {
  const { project } = request;
  const app = request.app ?? project.app;
  return project.cdkCli !== undefined
    ? `the project's CDK CLI (${relative(project.root, project.cdkCli)} synth${app === undefined ? "" : `, app: ${app}`})`
    : `the app command \`${app ?? "(none)"}\` (no CDK CLI in node_modules/.bin)`;
}

/** Synthesizes the app into `request.outdir`; fails with SYNTH_FAILED or CDK_APP_MISSING. */
export async function synthesize(request: SynthRequest): Promise<void> {
  const { project, outdir } = request;
  const app = request.app ?? project.app;
  if (project.cdkCli === undefined && app === undefined) {
    throw new AccountmeshError(
      "CDK_APP_MISSING",
      `There is no CDK app to synthesize in ${project.root}: ${project.hasCdkJson ? 'cdk.json has no "app" entry' : "it has no cdk.json"}. Run accountmesh in your CDK project's directory, or pass --app "<command>" (e.g. --app "npx tsx bin/app.ts"), or --assembly <an existing cdk.out>.`,
      { root: project.root },
    );
  }
  const context = { ...(request.context ?? {}) };
  const [command, args, env] =
    project.cdkCli !== undefined
      ? [project.cdkCli, localSynthArgs(outdir, request.app, context), {}]
      : [
          app as string,
          [],
          {
            CDK_OUTDIR: outdir,
            CDK_CONTEXT_JSON: JSON.stringify({ ...project.context, ...context, ...LOCAL_CONTEXT }),
          },
        ];
  const { code, output } = await run(command, args, project.root, env, request.quiet === true);
  if (code !== 0) {
    if (request.quiet === true) process.stderr.write(output);
    throw new AccountmeshError(
      "SYNTH_FAILED",
      `Synthesizing the CDK app failed (${describeSynth(request)} exited with code ${code}); its output above names the construct or file to fix.`,
      { code },
    );
  }
  if (!existsSync(join(outdir, "manifest.json"))) {
    throw new AccountmeshError(
      "SYNTH_NO_ASSEMBLY",
      `The CDK app ran but wrote no cloud assembly to ${outdir}. Does it call app.synth()? (${describeSynth(request)})`,
      { outdir },
    );
  }
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
  quiet: boolean,
): Promise<{ code: number | null; output: string }> {
  let output = "";
  return new Promise((resolve, reject) => {
    // An app command is a shell command line (`npx tsx bin/app.ts`), as the CDK CLI runs it.
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...OFFLINE_CDK_ENV, ...env },
      shell: args.length === 0,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}
