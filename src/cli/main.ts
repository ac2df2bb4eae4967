import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudAssembly } from "aws-cdk-lib/cx-api";
import { isAccountmeshError } from "../shared/errors.js";
import { synthesize } from "./synth.js";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const USAGE = `usage: accountmesh <command>

commands:
  synth   synthesize every account's stack into cdk.out (offline, cdk-nag checked)
  dev     synthesize, then run the system locally (the local runtime is not built yet: see below)
`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command !== "synth" && command !== "dev") {
    process.stderr.write(USAGE);
    return command === undefined || command === "--help" || command === "-h" ? 0 : 2;
  }
  const outdir = join(PROJECT_ROOT, "cdk.out");
  console.log("accountmesh: synthesizing the CDK app (one stack per account) ...");
  await synthesize(PROJECT_ROOT, outdir);
  const assembly = new CloudAssembly(outdir);
  console.log("\naccountmesh: stacks in cdk.out, in deploy order:");
  for (const stack of assembly.stacksRecursively) {
    const deps = stack.dependencies.map((d) => d.id).filter((id) => !id.endsWith(".assets"));
    const after = deps.length > 0 ? `  (after ${deps.join(", ")})` : "";
    console.log(
      `  ${stack.id.padEnd(16)} account ${stack.environment.account}  ${stack.environment.region}${after}`,
    );
  }
  if (command === "dev") {
    console.log(
      "\naccountmesh: the local runtime (every account served on this machine with its policies) is not built yet;" +
        "\n`npm start` synthesizes and lists the stacks until it lands. Deploy to AWS as the README describes.",
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAccountmeshError(error)) {
      console.error(`accountmesh: ${error.message} [${error.code}]`);
    } else {
      console.error("accountmesh: unexpected error", error);
    }
    process.exitCode = 1;
  },
);
