// vitest globalSetup of the mutation run: only the synthesized cdk.out (skipped when it is up to date),
// which the IAM and API Gateway tests read; no DynamoDB Local.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { synthesize } from "../src/cli/synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "../src/cli/synth-cache.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(): Promise<void> {
  const outdir = join(PROJECT_ROOT, "cdk.out");
  if (isAssemblyCurrent(PROJECT_ROOT, outdir)) return;
  await synthesize(PROJECT_ROOT, outdir, { quiet: true });
  markAssemblyCurrent(PROJECT_ROOT, outdir);
}
