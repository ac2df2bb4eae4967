#!/usr/bin/env node
// Builds the `accountmesh` executable into dist/ (npm's prepack runs it): the CLI and the runtime
// bundled by esbuild into ES modules (npm packages stay external: they are the package's
// dependencies), next to the Lambda worker files the runtime starts by URL. Running the built file
// needs no TypeScript toolchain and starts faster than `tsx src/cli/main.ts` (docs/decisions.md §9).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: { accountmesh: join(root, "src/cli/main.ts") },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  // Chunks beside the entry: the runtime finds its worker files next to the module that starts them.
  chunkNames: "[name]-[hash]",
  // `--help` loads only the entry; the runtime is a chunk imported when a command runs.
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  metafile: true,
  logLevel: "warning",
});
// The runtime starts its Lambda workers and the Python runtime's bootstrap by URL next to the bundle
// (`new URL("./lambda-worker.mjs", import.meta.url)`, `./lambda-python-bootstrap.py`).
const lambdaDir = join(root, "src/local/lambda");
for (const file of readdirSync(lambdaDir).filter((name) => /\.(mjs|py)$/.test(name))) {
  copyFileSync(join(lambdaDir, file), join(dist, file));
}
const externals = new Set(
  Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports)
    .filter((i) => i.external && !i.path.startsWith("node:"))
    .map((i) =>
      i.path
        .split("/")
        .slice(0, i.path.startsWith("@") ? 2 : 1)
        .join("/"),
    ),
);
console.log(`accountmesh: built dist/accountmesh.mjs (imports ${[...externals].sort().join(", ")})`);
