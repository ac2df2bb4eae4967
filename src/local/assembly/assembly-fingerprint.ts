// A cheap content hash of a cloud assembly: tells whether cdk.out changed since it was last loaded.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import { ASSET_MANIFEST_ARTIFACT, readManifest, STACK_ARTIFACT } from "./cloud-assembly-manifest.js";

/**
 * SHA-256 (hex) over manifest.json, every stack template and every asset manifest. Asset contents are
 * covered through their hashes, which the templates and asset manifests name.
 */
export async function assemblyFingerprint(dir: string): Promise<string> {
  const root = resolve(dir);
  const { artifacts } = await readManifest(root);
  const hash = createHash("sha256").update(await readFile(join(root, "manifest.json")));
  const files = Object.entries(artifacts)
    .flatMap(([, artifact]) => {
      const property =
        artifact.type === STACK_ARTIFACT
          ? "templateFile"
          : artifact.type === ASSET_MANIFEST_ARTIFACT
            ? "file"
            : "";
      const file = artifact.properties?.[property];
      return typeof file === "string" ? [file] : [];
    })
    .sort();
  for (const file of files) {
    try {
      hash.update(`\u0000${file}\u0000`).update(await readFile(resolve(root, file)));
    } catch (error) {
      throw new AccountmeshError(
        "ASSEMBLY_INVALID",
        `${resolve(root, file)}, named in manifest.json, cannot be read.`,
        {
          file,
          cause: String(error),
        },
      );
    }
  }
  return hash.digest("hex");
}
