// Command-line options of `accountmesh dev` and `accountmesh synth`, parsed into plain values. Every
// mistake is a coded error naming the option and the value received.
import { join, resolve } from "node:path";
import { AccountmeshError } from "../shared/errors.js";

export interface CliOptions {
  readonly help: boolean;
  readonly inMemory: boolean;
  readonly portBase: number;
  readonly dataDir: string;
  readonly synth: "auto" | "always" | "never";
  readonly verbose: boolean;
  readonly watch: boolean;
  /** `--app`: a command to synthesize, or a directory holding a cloud assembly. */
  readonly app?: string;
  /** `--assembly`: an existing cloud assembly to run as it is. */
  readonly assembly?: string;
  /** `--output`: where synth writes the cloud assembly (default cdk.json's `output`, or cdk.out). */
  readonly output?: string;
  /** `-c key=value`. */
  readonly context: Readonly<Record<string, string>>;
  /** `--stacks a,b` (repeatable): stack patterns. */
  readonly stacks: readonly string[];
  /** `--parameters [Stack:]Name=value` (repeatable). */
  readonly parameters: readonly { readonly stack?: string; readonly name: string; readonly value: string }[];
  readonly account?: string;
  readonly region?: string;
}

type Flag = "--in-memory" | "--synth" | "--no-synth" | "--verbose" | "--no-watch" | "--help";
const FLAGS: ReadonlySet<string> = new Set<Flag>([
  "--in-memory",
  "--synth",
  "--no-synth",
  "--verbose",
  "--no-watch",
  "--help",
]);

/**
 * Parses `args` of `command` (relative paths against `cwd`). `allowed` lists the options the command
 * takes; any other is CLI_UNKNOWN_OPTION.
 */
export function parseCliOptions(
  command: string,
  args: readonly string[],
  cwd: string,
  allowed: ReadonlySet<string>,
): CliOptions {
  let options: Omit<CliOptions, "context" | "stacks" | "parameters"> & { dataDir: string } = {
    help: false,
    inMemory: false,
    portBase: 4566, // the runtime's DEFAULT_PORT_BASE (usage.test checks it)
    dataDir: join(cwd, ".accountmesh"),
    synth: "auto",
    verbose: false,
    watch: true,
  };
  const context: Record<string, string> = {};
  const stacks: string[] = [];
  const parameters: CliOptions["parameters"][number][] = [];
  for (let i = 0; i < args.length; i++) {
    const given = args[i] ?? "";
    const [name = given, inline] =
      given.startsWith("--") && given.includes("=") ? splitOnce(given, "=") : [given];
    const option = name === "-h" ? "--help" : name === "-c" ? "--context" : name;
    if (!allowed.has(option)) {
      throw new AccountmeshError(
        "CLI_UNKNOWN_OPTION",
        `Unknown option ${JSON.stringify(given)} for ${command}; \`accountmesh ${command} --help\` lists them.`,
        { option: given },
      );
    }
    if (FLAGS.has(option)) {
      options = { ...options, ...flag(option as Flag) };
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") {
      throw new AccountmeshError("CLI_MISSING_VALUE", `${option} needs a value.`, { option });
    }
    switch (option) {
      case "--data-dir":
        options = { ...options, dataDir: resolve(cwd, value) };
        break;
      case "--port-base":
        options = { ...options, portBase: portBase(value) };
        break;
      case "--app":
        options = { ...options, app: value };
        break;
      case "--assembly":
        options = { ...options, assembly: resolve(cwd, value) };
        break;
      case "--output":
        options = { ...options, output: resolve(cwd, value) };
        break;
      case "--account":
        options = { ...options, account: value };
        break;
      case "--region":
        options = { ...options, region: value };
        break;
      case "--context": {
        const [key, contextValue] = splitOnce(value, "=");
        if (key === "" || contextValue === undefined) throw invalid(option, value, "key=value");
        context[key] = contextValue;
        break;
      }
      case "--stacks":
        stacks.push(
          ...value
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== ""),
        );
        break;
      case "--parameters": {
        const [target, parameterValue] = splitOnce(value, "=");
        const [stack, parameter] = target.includes(":") ? splitOnce(target, ":") : [undefined, target];
        if (parameterValue === undefined || parameter === undefined || parameter === "")
          throw invalid(option, value, "[Stack:]Name=value");
        parameters.push({
          ...(stack === undefined ? {} : { stack }),
          name: parameter,
          value: parameterValue,
        });
        break;
      }
    }
  }
  return { ...options, context, stacks, parameters };
}

function flag(option: Flag): Partial<CliOptions> {
  switch (option) {
    case "--in-memory":
      return { inMemory: true };
    case "--synth":
      return { synth: "always" };
    case "--no-synth":
      return { synth: "never" };
    case "--verbose":
      return { verbose: true };
    case "--no-watch":
      return { watch: false };
    case "--help":
      return { help: true };
  }
}

function portBase(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1024 || value > 65_000) {
    throw new AccountmeshError(
      "CLI_INVALID_PORT_BASE",
      `--port-base must be an integer between 1024 and 65000; received ${JSON.stringify(text)}.`,
    );
  }
  return value;
}

function invalid(option: string, value: string, expected: string): AccountmeshError {
  return new AccountmeshError(
    "CLI_INVALID_VALUE",
    `${option} takes ${expected}; received ${JSON.stringify(value)}.`,
    { option, value },
  );
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
