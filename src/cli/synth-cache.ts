// "Is cdk.out up to date?": a fingerprint of everything synthesis reads — the app's sources (the
// directories of cdk.json's `watch.include`, or the whole project without node_modules, dot
// directories and the assembly itself), cdk.json, cdk.context.json, the lock file, tsconfig.json —
// and of how it was synthesized (app command, context). Kept next to the assembly after a good synth.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { CdkProject } from "./cdk-project.js";

const ALWAYS = ["cdk.json", "cdk.context.json", "package-lock.json", "tsconfig.json"];
const SKIPPED_DIRS = new Set(["node_modules", "cdk.out"]);
const STAMP = ".accountmesh-source-fingerprint";

/** The directories a `watch.include` pattern covers: `src/infra/**` → `src/infra`, `**` → the root. */
function includedPaths(project: CdkProject): string[] {
  if (project.watchInclude.length === 0) return ["."];
  return project.watchInclude.map((pattern) => {
    const fixed = pattern.split("/").filter((part) => !/[*?[{]/.test(part));
    const stop = pattern.split("/").findIndex((part) => /[*?[{]/.test(part));
    return (stop === -1 ? fixed : fixed.slice(0, stop)).join("/") || ".";
  });
}

/** The fingerprint of the project's sources plus `how` (the app command and context, as text). */
export function sourceFingerprint(project: CdkProject, how = ""): string {
  const hash = createHash("sha256").update(how).update("\0");
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path) || !existsSync(path) || path === project.output) return;
    seen.add(path);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry.startsWith(".") || SKIPPED_DIRS.has(entry) || entry.endsWith(".test.ts")) continue;
        visit(join(path, entry));
      }
      return;
    }
    hash.update(relative(project.root, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const input of [...includedPaths(project).sort(), ...ALWAYS]) visit(resolve(project.root, input));
  return hash.digest("hex");
}

/** True when `outdir` holds an assembly synthesized from exactly these sources, this way. */
export function isAssemblyCurrent(project: CdkProject, outdir: string, how = ""): boolean {
  const stamp = join(outdir, STAMP);
  return (
    existsSync(join(outdir, "manifest.json")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === sourceFingerprint(project, how)
  );
}

export function markAssemblyCurrent(project: CdkProject, outdir: string, how = ""): void {
  writeFileSync(join(outdir, STAMP), sourceFingerprint(project, how));
}
