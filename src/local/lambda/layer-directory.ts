// Lambda's /opt for a function with layers: Lambda extracts each layer into /opt in the order the
// function lists them, a later layer's files replacing an earlier one's. /opt itself cannot be
// written here, so a function gets a directory that stands for it: with one layer, the layer's own
// directory; with several, a directory of symbolic links merging them (a directory only one layer
// has is one link; a directory several have is made and merged inside; a file is the last layer's).
// The runtimes find it through their variables (NODE_PATH, PYTHONPATH, PATH, the custom runtime's
// bootstrap), never as the path /opt.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Links `sources` (directories, earliest layer first) merged into `target`. */
function merge(target: string, sources: readonly string[]): void {
  mkdirSync(target, { recursive: true });
  const names = new Set(sources.flatMap((source) => readdirSync(source)));
  for (const name of names) {
    const having = sources.map((source) => join(source, name)).filter((path) => existsSync(path));
    const last = having[having.length - 1] as string;
    const directories = having.filter(isDirectory);
    if (directories.length > 1 && isDirectory(last)) {
      // Several layers have the directory: merged from the last run of directories (a file in a
      // later layer replaces the directories before it, as extraction would).
      const lastFile = having.map(isDirectory).lastIndexOf(false);
      merge(join(target, name), having.slice(lastFile + 1));
    } else {
      symlinkSync(last, join(target, name));
    }
  }
}

/**
 * The directory standing for /opt of a function whose layers are `layerDirs` (earliest first), made
 * under `scratchDir` when there are several (named after their paths, remade on each call).
 * undefined: no layers.
 */
export function optDirectory(layerDirs: readonly string[], scratchDir: string): string | undefined {
  if (layerDirs.length === 0) return undefined;
  if (layerDirs.length === 1) return layerDirs[0];
  const name = createHash("sha256").update(layerDirs.join("\n")).digest("hex").slice(0, 16);
  const target = join(scratchDir, `opt-${name}`);
  if (existsSync(target) && lstatSync(target).isDirectory()) rmSync(target, { recursive: true, force: true });
  merge(target, layerDirs);
  return target;
}
