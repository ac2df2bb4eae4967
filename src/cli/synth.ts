import { spawn } from "node:child_process";
import { DEPLOY_TARGET_CONTEXT } from "../shared/deploy-target.js";
import { AccountmeshError } from "../shared/errors.js";

/** Environment that keeps the CDK CLI offline (see TOOLCHAIN.md). */
export const OFFLINE_CDK_ENV = {
  CDK_DISABLE_CLI_TELEMETRY: "true",
  AWS_EC2_METADATA_DISABLED: "true",
} as const;

/**
 * The `cdk synth` arguments for a local run. The assembly is for the local runtime, so the app is
 * told so (`accountmesh:target=local`): AWS credentials in the environment, which make the CDK CLI
 * pass `CDK_DEFAULT_ACCOUNT`, must not turn a local run into a deploy check.
 */
export function localSynthArgs(outdir: string): string[] {
  return [
    "cdk",
    "synth",
    "--quiet",
    "--no-notices",
    "--output",
    outdir,
    "--context",
    `${DEPLOY_TARGET_CONTEXT}=local`,
  ];
}

/** Runs `cdk synth` for the project's app into `outdir`, streaming its output (or only on failure, with quiet). */
export async function synthesize(
  projectRoot: string,
  outdir: string,
  options: { quiet?: boolean } = {},
): Promise<void> {
  let output = "";
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("npx", localSynthArgs(outdir), {
      cwd: projectRoot,
      env: { ...process.env, ...OFFLINE_CDK_ENV },
      stdio: options.quiet === true ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) {
    if (options.quiet === true) process.stderr.write(output);
    throw new AccountmeshError(
      "SYNTH_FAILED",
      `cdk synth exited with code ${code}; its output above names the failing construct or cdk-nag rule.`,
      { code },
    );
  }
}
