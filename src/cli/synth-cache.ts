// "Is cdk.out up to date?": a fingerprint of everything synthesis reads (the CDK app, the handler
// sources it bundles, cdk.json and the lock file), kept next to the assembly after a good synth.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const INPUTS = ["src/infra", "src/handlers", "src/shared", "cdk.json", "package-lock.json", "tsconfig.json"];
const STAMP = ".accountmesh-source-fingerprint";

export function sourceFingerprint(projectRoot: string): string {
  const hash = createHash("sha256");
  const visit = (path: string): void => {
    if (!existsSync(path)) {
      return;
    }
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (!entry.endsWith(".test.ts")) {
          visit(join(path, entry));
        }
      }
      return;
    }
    hash.update(relative(projectRoot, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const input of INPUTS) {
    visit(join(projectRoot, input));
  }
  return hash.digest("hex");
}

/** True when `outdir` holds an assembly synthesized from exactly these sources. */
export function isAssemblyCurrent(projectRoot: string, outdir: string): boolean {
  const stamp = join(outdir, STAMP);
  return (
    existsSync(join(outdir, "manifest.json")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === sourceFingerprint(projectRoot)
  );
}

export function markAssemblyCurrent(projectRoot: string, outdir: string): void {
  writeFileSync(join(outdir, STAMP), sourceFingerprint(projectRoot));
}
