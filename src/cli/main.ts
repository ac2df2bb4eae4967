import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isAccountmeshError } from "../shared/errors.js";
import { DEV_USAGE, parseDevOptions, runDev } from "./dev.js";
import { synthesize } from "./synth.js";
import { markAssemblyCurrent } from "./synth-cache.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const USAGE = `usage: accountmesh <command> [options]

commands:
  synth   synthesize every account's stack into cdk.out (offline, cdk-nag checked)
${DEV_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "synth") {
    const outdir = join(PROJECT_ROOT, "cdk.out");
    console.log("accountmesh: synthesizing the CDK app (one stack per account) ...");
    await synthesize(PROJECT_ROOT, outdir);
    markAssemblyCurrent(PROJECT_ROOT, outdir);
    console.log("\naccountmesh: stacks in cdk.out, in deploy order:");
    // Imported here only: loading aws-cdk-lib costs ~0.1 s that `dev` does not need.
    const { CloudAssembly } = await import("aws-cdk-lib/cx-api");
    for (const stack of new CloudAssembly(outdir).stacksRecursively) {
      const deps = stack.dependencies.map((d) => d.id).filter((id) => !id.endsWith(".assets"));
      const after = deps.length > 0 ? `  (after ${deps.join(", ")})` : "";
      console.log(
        `  ${stack.id.padEnd(16)} account ${stack.environment.account}  ${stack.environment.region}${after}`,
      );
    }
    return 0;
  }
  if (command === "dev") {
    const system = await runDev(PROJECT_ROOT, parseDevOptions(args, PROJECT_ROOT));
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\naccountmesh: ${signal}: stopping every server, worker and the DynamoDB engine ...`);
        system.stop().then(done, done);
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
    console.log("accountmesh: stopped");
    return 0;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === "--help" || command === "-h" ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAccountmeshError(error)) {
      console.error(`accountmesh: ${error.message} [${error.code}]`);
      const cause = (error.details as { cause?: unknown }).cause;
      if (cause instanceof Error) console.error(`  caused by: ${cause.message}`);
    } else {
      console.error("accountmesh: unexpected error", error);
    }
    process.exitCode = 1;
  },
);
