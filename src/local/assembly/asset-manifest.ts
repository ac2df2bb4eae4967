// Reads a `cdk:asset-manifest` (<Stack>.assets.json): file assets by the S3 object key templates use.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import { readJsonFile } from "./cloud-assembly-manifest.js";
import type { AssetSource, ImageAsset } from "./types.js";

interface FileAssetEntry {
  readonly source?: { readonly path?: unknown; readonly packaging?: unknown; readonly executable?: unknown };
  readonly destinations?: Readonly<Record<string, { readonly objectKey?: unknown }>>;
}

/**
 * Assets of one asset manifest, keyed by S3 object key. `dir` is the cloud assembly directory (asset
 * paths are relative to it); `stackId` only names the stack in errors.
 */
export async function readAssetManifest(
  dir: string,
  file: string,
  stackId: string,
): Promise<ReadonlyMap<string, AssetSource>> {
  const path = resolve(dir, file);
  const json = (await readJsonFile(
    path,
    "ASSEMBLY_ASSET_NOT_FOUND",
    `Asset manifest of stack ${stackId}`,
  )) as {
    files?: Readonly<Record<string, FileAssetEntry>>;
  };
  const assets = new Map<string, AssetSource>();
  for (const [hash, entry] of Object.entries(json.files ?? {})) {
    const source = await assetSource(dir, stackId, hash, entry);
    for (const destination of Object.values(entry.destinations ?? {})) {
      if (typeof destination.objectKey !== "string") continue;
      assets.set(destination.objectKey, Object.freeze({ ...source, objectKey: destination.objectKey }));
    }
  }
  return assets;
}

async function assetSource(
  dir: string,
  stackId: string,
  hash: string,
  entry: FileAssetEntry,
): Promise<Omit<AssetSource, "objectKey">> {
  const relativePath = entry.source?.path;
  if (typeof relativePath !== "string") {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Asset ${hash} of stack ${stackId} has no source.path (assets built by an executable are not supported locally); bundle it into cdk.out instead.`,
      { stack: stackId, asset: hash },
    );
  }
  const packaging = entry.source?.packaging ?? "file";
  if (packaging !== "zip" && packaging !== "file") {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Asset ${hash} of stack ${stackId} has packaging ${JSON.stringify(packaging)}; expected "zip" or "file".`,
      { stack: stackId, asset: hash },
    );
  }
  const path = resolve(dir, relativePath);
  try {
    await stat(path);
  } catch {
    throw new AccountmeshError(
      "ASSEMBLY_ASSET_NOT_FOUND",
      `Asset ${hash} of stack ${stackId} is missing: ${path} does not exist. Re-run \`npx cdk synth\`.`,
      { stack: stackId, asset: hash, path },
    );
  }
  return { hash, path, packaging };
}

interface ImageAssetEntry {
  readonly source?: { readonly directory?: unknown; readonly dockerFile?: unknown };
  readonly destinations?: Readonly<
    Record<string, { readonly imageTag?: unknown; readonly repositoryName?: unknown }>
  >;
}

/**
 * Container image assets of one asset manifest (`dockerImages`), keyed by the image tag templates use
 * (`<repository>:<tag>`): their build context in cdk.out and its Dockerfile. Nothing is built.
 */
export async function readImageAssets(
  dir: string,
  file: string,
  stackId: string,
): Promise<ReadonlyMap<string, ImageAsset>> {
  const json = (await readJsonFile(
    resolve(dir, file),
    "ASSEMBLY_ASSET_NOT_FOUND",
    `Asset manifest of stack ${stackId}`,
  )) as {
    dockerImages?: Readonly<Record<string, ImageAssetEntry>>;
  };
  const images = new Map<string, ImageAsset>();
  for (const [hash, entry] of Object.entries(json.dockerImages ?? {})) {
    const directory = entry.source?.directory;
    if (typeof directory !== "string") continue; // built by an executable: reported where it is used
    const context = resolve(dir, directory);
    const dockerfile = resolve(
      context,
      typeof entry.source?.dockerFile === "string" ? entry.source.dockerFile : "Dockerfile",
    );
    for (const destination of Object.values(entry.destinations ?? {})) {
      if (typeof destination.imageTag !== "string") continue;
      images.set(
        destination.imageTag,
        Object.freeze({ hash, directory: context, dockerfile, imageTag: destination.imageTag }),
      );
    }
  }
  return images;
}
