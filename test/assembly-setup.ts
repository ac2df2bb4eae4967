// vitest globalSetup of the mutation run: only the synthesized cdk.out (skipped when it is up to date),
// which the IAM and API Gateway tests read; no DynamoDB Local.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readCdkProject } from "../src/cli/cdk-project.js";
import { synthesize } from "../src/cli/synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "../src/cli/synth-cache.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(): Promise<void> {
  const outdir = join(PROJECT_ROOT, "cdk.out");
  const project = readCdkProject(PROJECT_ROOT);
  // The same fingerprint `npm start` keeps (no --app, no -c), as test/global-setup.ts does.
  const how = JSON.stringify({ app: null, context: {} });
  if (isAssemblyCurrent(project, outdir, how)) return;
  await synthesize({ project, outdir, quiet: true });
  markAssemblyCurrent(project, outdir, how);
}
