import { spawn } from "node:child_process";
import { AccountmeshError } from "../shared/errors.js";

/** Environment that keeps the CDK CLI offline (see TOOLCHAIN.md). */
export const OFFLINE_CDK_ENV = {
  CDK_DISABLE_CLI_TELEMETRY: "true",
  AWS_EC2_METADATA_DISABLED: "true",
} as const;

/** Runs `cdk synth` for the project's app into `outdir`, streaming its output. */
export async function synthesize(projectRoot: string, outdir: string): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("npx", ["cdk", "synth", "--quiet", "--no-notices", "--output", outdir], {
      cwd: projectRoot,
      env: { ...process.env, ...OFFLINE_CDK_ENV },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) {
    throw new AccountmeshError(
      "SYNTH_FAILED",
      `cdk synth exited with code ${code}; its output above names the failing construct or cdk-nag rule.`,
      { code },
    );
  }
}
