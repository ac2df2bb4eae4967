import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Bundles a workload's entry (under `src/handlers/`) with the local esbuild into one self-contained
 * ESM file, `<dir>/server.mjs` (the AWS SDK included), and writes `extraFiles` beside it (a
 * Dockerfile). Returns the directory: an image build context or an S3 asset. Never Docker.
 */
export function bundleWorkload(
  name: string,
  entry: string,
  extraFiles: Readonly<Record<string, string>> = {},
): string {
  const dir = join(PROJECT_ROOT, ".cache", "workloads", name);
  mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: [join(PROJECT_ROOT, "src", "handlers", entry)],
    outfile: join(dir, "server.mjs"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: true,
    legalComments: "none",
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: "error",
  });
  for (const [file, text] of Object.entries(extraFiles)) writeFileSync(join(dir, file), text);
  return dir;
}
