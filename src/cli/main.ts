#!/usr/bin/env node
// The `accountmesh` executable: `dev` runs a CDK app locally, `synth` synthesizes it. The only place
// that turns error codes into words and exit codes: 0 when stopped by Ctrl-C, 1 when refused, 2 for a
// usage mistake. Whatever was started is stopped before the process exits.
// The commands are imported when run: `--help` and usage mistakes answer without loading the runtime.
import { isAccountmeshError } from "../shared/errors.js";
import { parseCliOptions } from "./cli-options.js";
import { DEV_OPTIONS, DEV_USAGE, SYNTH_OPTIONS, SYNTH_USAGE } from "./usage.js";

const USAGE = `usage: accountmesh <command> [options]

Runs AWS CDK apps locally — every account and stack of a cloud assembly on one machine, with no Docker
and no AWS account. Run it in a CDK project's directory (where cdk.json is).

commands:
  dev     run the app locally (synthesizes first when its sources changed)
  synth   synthesize the app into its cloud assembly (cdk.out) and list its stacks

\`accountmesh <command> --help\` describes a command's options.
`;

const USAGE_ERRORS = new Set([
  "CLI_UNKNOWN_OPTION",
  "CLI_MISSING_VALUE",
  "CLI_INVALID_VALUE",
  "CLI_INVALID_PORT_BASE",
  "CLI_UNKNOWN_COMMAND",
]);

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const cwd = process.cwd();
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const topic = command === "help" ? args[0] : undefined;
    process.stdout.write(topic === "dev" ? DEV_USAGE : topic === "synth" ? SYNTH_USAGE : USAGE);
    return 0;
  }
  if (command === "synth") {
    const options = parseCliOptions("synth", args, cwd, SYNTH_OPTIONS);
    if (options.help) {
      process.stdout.write(SYNTH_USAGE);
      return 0;
    }
    const { runSynth } = await import("./synth-command.js");
    await runSynth(cwd, options);
    return 0;
  }
  if (command === "dev") {
    const options = parseCliOptions("dev", args, cwd, DEV_OPTIONS);
    if (options.help) {
      process.stdout.write(DEV_USAGE);
      return 0;
    }
    const { runDev } = await import("./dev.js");
    const system = await runDev(cwd, options);
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = (signal: string) => {
        // A second Ctrl-C must not kill the process half-way: the DynamoDB engine would outlive it.
        if (stopping) {
          console.log(`accountmesh: ${signal}: still stopping ...`);
          return;
        }
        stopping = true;
        console.log(`\naccountmesh: ${signal}: stopping every server, worker and the DynamoDB engine ...`);
        system.stop().then(done, done);
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    });
    console.log("accountmesh: stopped");
    return 0;
  }
  process.stderr.write(
    `accountmesh: unknown command ${JSON.stringify(command)} [CLI_UNKNOWN_COMMAND]\n\n${USAGE}`,
  );
  return 2;
}

function report(error: unknown): number {
  if (isAccountmeshError(error)) {
    console.error(`accountmesh: ${error.message} [${error.code}]`);
    const cause = (error.details as { cause?: unknown }).cause;
    if (cause instanceof Error) console.error(`  caused by: ${cause.message}`);
    return USAGE_ERRORS.has(error.code) ? 2 : 1;
  }
  console.error("accountmesh: unexpected error", error);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The runtime stopped what it had started before the error reached us (servers, workers, the
    // DynamoDB engine): nothing is left to wait for, so exit now rather than on the last handle.
    const code = report(error);
    process.stdout.write("", () => process.exit(code));
  },
);
