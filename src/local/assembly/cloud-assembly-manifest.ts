// The parts of cdk.out's manifest.json (cloud assembly schema) the local runtime reads.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";

export const STACK_ARTIFACT = "aws:cloudformation:stack";
export const ASSET_MANIFEST_ARTIFACT = "cdk:asset-manifest";
export const NESTED_ASSEMBLY_ARTIFACT = "cdk:cloud-assembly";

export interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly dependencies?: readonly string[];
  /** Construct metadata by construct path (`aws:cdk:asset` entries of the legacy synthesizer). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Metadata kept in a file of its own (`<Stack>.metadata.json`, aws-cdk-lib ≥ 2.2xx), same shape. */
  readonly additionalMetadataFile?: string;
  /** The stack's hierarchical name (`Stage/Stack`), what `cdk deploy <pattern>` matches. */
  readonly displayName?: string;
}

export interface AssemblyManifest {
  readonly artifacts: Readonly<Record<string, ManifestArtifact>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads and parses a JSON file; a missing file fails with `missingCode`, bad JSON with ASSEMBLY_INVALID. */
export async function readJsonFile(path: string, missingCode: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new AccountmeshError(
      missingCode,
      `${what} not found at ${path}. Run \`npx cdk synth\` (or \`npm run synth\`) to produce the cloud assembly.`,
      { path, cause: String(error) },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `${what} at ${path} is not valid JSON: ${String(error)}.`,
      {
        path,
      },
    );
  }
}

/** Reads `<dir>/manifest.json`; fails with ASSEMBLY_NOT_FOUND when there is none. */
export async function readManifest(dir: string): Promise<AssemblyManifest> {
  const path = join(dir, "manifest.json");
  const json = await readJsonFile(path, "ASSEMBLY_NOT_FOUND", "Cloud assembly manifest");
  if (!isRecord(json)) {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `${path} is not a cloud assembly manifest (not an object).`,
      {
        path,
      },
    );
  }
  const artifacts = json.artifacts ?? {};
  if (!isRecord(artifacts)) {
    throw new AccountmeshError("ASSEMBLY_INVALID", `${path}: "artifacts" must be an object.`, { path });
  }
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact) || typeof artifact.type !== "string") {
      throw new AccountmeshError("ASSEMBLY_INVALID", `${path}: artifact "${id}" has no "type".`, {
        path,
        id,
      });
    }
  }
  return { artifacts: artifacts as Record<string, ManifestArtifact> };
}

/** A string property of an artifact, or a coded error naming the artifact. */
export function artifactFile(artifact: ManifestArtifact, id: string, property: string): string {
  const value = artifact.properties?.[property];
  if (typeof value !== "string" || value === "") {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Artifact "${id}" (${artifact.type}) has no properties.${property} in manifest.json (received ${JSON.stringify(value)}).`,
      { artifact: id, property },
    );
  }
  return value;
}
