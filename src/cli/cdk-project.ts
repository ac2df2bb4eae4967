// The CDK project `accountmesh` runs in: the directory it is started from, read as the CDK CLI reads
// it — `cdk.json` (`app`, `context`, `output`, `watch`) and `cdk.context.json` (cached lookups).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AccountmeshError } from "../shared/errors.js";

export interface CdkProject {
  /** The project directory (where cdk.json is, or the current directory). */
  readonly root: string;
  /** Whether the directory has a cdk.json. */
  readonly hasCdkJson: boolean;
  /** cdk.json's `app`: the command that runs the CDK app. */
  readonly app?: string;
  /** Context the CDK CLI would give the app: cdk.context.json, then cdk.json's `context`. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Absolute path of the cloud assembly directory (cdk.json's `output`, default `cdk.out`). */
  readonly output: string;
  /** cdk.json's `watch.include` patterns: the sources of the app (used to tell whether cdk.out is current). */
  readonly watchInclude: readonly string[];
  /** The project's own CDK CLI (`node_modules/.bin/cdk`), when it has one. */
  readonly cdkCli?: string;
}

/** Reads the CDK project in `dir` (cdk.json is optional: `--app` or `--assembly` can stand in for it). */
export function readCdkProject(dir: string): CdkProject {
  const root = resolve(dir);
  const cdkJsonPath = join(root, "cdk.json");
  const hasCdkJson = existsSync(cdkJsonPath);
  const cdkJson = hasCdkJson ? readJsonObject(cdkJsonPath) : {};
  const cached = existsSync(join(root, "cdk.context.json"))
    ? readJsonObject(join(root, "cdk.context.json"))
    : {};
  const app = typeof cdkJson.app === "string" && cdkJson.app.trim() !== "" ? cdkJson.app : undefined;
  const output = typeof cdkJson.output === "string" && cdkJson.output !== "" ? cdkJson.output : "cdk.out";
  const watch = cdkJson.watch as { include?: unknown } | undefined;
  const include = watch?.include;
  const watchInclude = (
    Array.isArray(include) ? include : typeof include === "string" ? [include] : []
  ).filter((pattern): pattern is string => typeof pattern === "string");
  const cdkCli = join(root, "node_modules", ".bin", process.platform === "win32" ? "cdk.cmd" : "cdk");
  return {
    root,
    hasCdkJson,
    ...(app === undefined ? {} : { app }),
    context: { ...cached, ...(isRecord(cdkJson.context) ? cdkJson.context : {}) },
    output: resolve(root, output),
    watchInclude,
    ...(existsSync(cdkCli) ? { cdkCli } : {}),
  };
}

function readJsonObject(path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new AccountmeshError(
      "CDK_JSON_INVALID",
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Fix the file, as \`npx cdk synth\` would need too.`,
      { path },
    );
  }
  if (!isRecord(value)) {
    throw new AccountmeshError("CDK_JSON_INVALID", `${path} must hold a JSON object.`, { path });
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
