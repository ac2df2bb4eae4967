// Watch mode: when a handler source changes, rebuild only the bundles that include it (with the
// esbuild options the template records under `accountmesh:bundle`), and point their functions at the
// new code. Warm workers finish their invocation; the next one loads the new bundle. Changes to the
// CDK app itself need a new synth: the watcher says so.
import { existsSync, type FSWatcher, readFileSync, watch } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { resourcesWithMetadata } from "../assembly/model-queries.js";
import type { ProvisionedSystem } from "../assembly/types.js";
import type { LambdaHost } from "../lambda/lambda-host.js";

interface BundleMetadata {
  readonly entry: string;
  readonly format: "esm" | "cjs";
  readonly platform: "node";
  readonly target: string;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly mainFields: readonly string[];
  readonly banner?: string;
  readonly outfile: string;
}

interface WatchedFunction {
  readonly arn: string;
  readonly name: string;
  readonly bundle: BundleMetadata;
  /** Absolute paths of the sources in its current bundle. */
  sources: Set<string>;
}

export interface HandlerWatch {
  close(): void;
}

export interface HandlerWatchOptions {
  readonly projectRoot: string;
  /** Where rebuilt bundles go (`.accountmesh/hot`). */
  readonly hotDir: string;
  readonly system: ProvisionedSystem;
  readonly lambda: LambdaHost;
  readonly log: (line: string) => void;
}

const DEBOUNCE_MS = 40;

export function watchHandlers(options: HandlerWatchOptions): HandlerWatch {
  const functions = watchedFunctions(options);
  // Only bundles that record how they were built (accountmesh's NodeFunction) can be rebuilt here.
  if (functions.length === 0) {
    options.log(
      "watch: no function of this app records how it was bundled (accountmesh's NodeFunction does; " +
        "NodejsFunction and asset code do not), so handler edits are not picked up while running: " +
        "stop and start again, which synthesizes when the app's sources changed",
    );
    return { close() {} };
  }
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building = Promise.resolve();
  const flush = () => {
    const changed = [...pending];
    pending.clear();
    building = building
      .then(() => rebuild(changed, functions, options))
      .catch((error: Error) => {
        options.log(`watch: rebuild failed: ${error.message}`);
      });
  };
  const watchers: FSWatcher[] = [];
  for (const dir of ["src/handlers", "src/shared"]) {
    const path = join(options.projectRoot, dir);
    if (!existsSync(path)) continue;
    watchers.push(
      watch(path, { recursive: true }, (_event, file) => {
        if (file === null || file.endsWith(".test.ts")) return;
        pending.add(resolve(path, file));
        clearTimeout(timer);
        timer = setTimeout(flush, DEBOUNCE_MS);
      }),
    );
  }
  const infra = join(options.projectRoot, "src/infra");
  if (existsSync(infra)) {
    watchers.push(
      watch(infra, { recursive: true }, (_event, file) => {
        if (file !== null && !file.endsWith(".test.ts")) {
          options.log(
            `watch: src/infra/${file} changed — the CDK app changed; restart \`npm start\` to synthesize and provision again`,
          );
        }
      }),
    );
  }
  options.log(`watching the sources of ${functions.length} function bundles (src/handlers, src/shared)`);
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

function watchedFunctions(options: HandlerWatchOptions): WatchedFunction[] {
  const result: WatchedFunction[] = [];
  for (const stack of options.system.stacks) {
    for (const { logicalId, value } of resourcesWithMetadata(stack.artifact, "accountmesh:bundle")) {
      const bundle = value as BundleMetadata;
      const arn = stack.resources.get(logicalId)?.attributes.Arn;
      const spec = typeof arn === "string" ? options.lambda.spec(arn) : undefined;
      if (spec === undefined || typeof arn !== "string") continue;
      result.push({
        arn,
        name: spec.name,
        bundle,
        sources: sourcesOfMap(join(spec.codeDir, `${bundle.outfile}.map`)),
      });
    }
  }
  return result;
}

function sourcesOfMap(mapFile: string): Set<string> {
  if (!existsSync(mapFile)) return new Set();
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources?: string[]; sourceRoot?: string };
  const base = resolve(dirname(mapFile), map.sourceRoot ?? "");
  return new Set((map.sources ?? []).filter((s) => !s.includes("node_modules")).map((s) => resolve(base, s)));
}

async function rebuild(
  changed: readonly string[],
  functions: readonly WatchedFunction[],
  options: HandlerWatchOptions,
) {
  const existing = changed.filter((file) => existsSync(file));
  const affected = functions.filter((fn) => existing.some((file) => fn.sources.has(file)));
  if (affected.length === 0) return;
  const started = Date.now();
  const esbuild = await import("esbuild");
  await Promise.all(
    affected.map(async (fn) => {
      const codeDir = join(options.hotDir, fn.name);
      const result = await esbuild.build({
        absWorkingDir: options.projectRoot,
        entryPoints: [join(options.projectRoot, fn.bundle.entry)],
        bundle: true,
        outfile: join(codeDir, fn.bundle.outfile),
        format: fn.bundle.format,
        platform: fn.bundle.platform,
        target: fn.bundle.target,
        minify: fn.bundle.minify,
        sourcemap: fn.bundle.sourcemap,
        mainFields: [...fn.bundle.mainFields],
        ...(fn.bundle.banner === undefined ? {} : { banner: { js: fn.bundle.banner } }),
        metafile: true,
        logLevel: "silent",
      });
      fn.sources = new Set(
        Object.keys(result.metafile.inputs)
          .filter((input) => !input.includes("node_modules"))
          .map((input) => resolve(options.projectRoot, input)),
      );
      const spec = options.lambda.spec(fn.arn);
      if (spec !== undefined) options.lambda.register({ ...spec, codeDir });
    }),
  );
  const files = existing.map((file) => relative(options.projectRoot, file)).join(", ");
  options.log(
    `watch: ${files} changed → rebuilt ${affected.map((fn) => fn.name).join(", ")} in ${Date.now() - started} ms; the next invocation runs the new code`,
  );
}
