// Assets of stacks synthesized with CDK's LegacyStackSynthesizer (CDK v1 style): no asset manifest,
// but `aws:cdk:asset` metadata entries on the stack artifact and template parameters
// (`AssetParameters<hash>S3Bucket…`, `…S3VersionKey…`, `…ArtifactHash…`) that `cdk deploy` fills in.
// The local runtime fills them in the same way: the key is `assets/||<id><ext>` (prefix and file name,
// which the template joins with Fn::Split/Fn::Select), the object key is `assets/<id><ext>`.
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import type { AssetSource } from "./types.js";

/** The `aws:cdk:asset` metadata type of the cloud assembly schema. */
export const ASSET_METADATA = "aws:cdk:asset";
/** What `cdk deploy` puts between the key prefix and the file name (cx-api ASSET_PREFIX_SEPARATOR). */
const PREFIX_SEPARATOR = "||";
const KEY_PREFIX = "assets/";

interface AssetMetadata {
  readonly id?: unknown;
  readonly path?: unknown;
  readonly packaging?: unknown;
  readonly sourceHash?: unknown;
  readonly s3BucketParameter?: unknown;
  readonly s3KeyParameter?: unknown;
  readonly artifactHashParameter?: unknown;
  readonly imageNameParameter?: unknown;
}

export interface LegacyAssets {
  /** Assets by the object key the template computes. */
  readonly assets: ReadonlyMap<string, AssetSource>;
  /** Values of the asset parameters, as `cdk deploy --parameters` would pass them. */
  readonly parameters: ReadonlyMap<string, string>;
  /** Ids of container image assets (and other packagings): named, never run locally. */
  readonly skipped: readonly string[];
}

/**
 * Reads the `aws:cdk:asset` entries of a stack artifact's `metadata` (`{ "<path>": [{ type, data }] }`).
 * `bucket` is the name the asset bucket parameters get.
 */
export async function readLegacyAssets(
  dir: string,
  stackId: string,
  metadata: unknown,
  bucket: string,
): Promise<LegacyAssets> {
  const assets = new Map<string, AssetSource>();
  const parameters = new Map<string, string>();
  const skipped: string[] = [];
  for (const entry of assetEntries(metadata)) {
    const { id, path, packaging, s3BucketParameter, s3KeyParameter, artifactHashParameter } = entry;
    const hash = typeof entry.sourceHash === "string" ? entry.sourceHash : id;
    if (typeof id !== "string" || typeof path !== "string" || typeof hash !== "string") continue;
    if (packaging !== "zip" && packaging !== "file") {
      // A container image: its name is all a template can read; the image itself does not run locally.
      if (typeof entry.imageNameParameter === "string")
        parameters.set(entry.imageNameParameter, `aws-cdk/assets:${id}`);
      skipped.push(id);
      continue;
    }
    const source = resolve(dir, path);
    try {
      await stat(source);
    } catch {
      throw new AccountmeshError(
        "ASSEMBLY_ASSET_NOT_FOUND",
        `Asset ${id} of stack ${stackId} is missing: ${source} does not exist. Re-run \`npx cdk synth\`.`,
        { stack: stackId, asset: id, path: source },
      );
    }
    const fileName = `${id}${packaging === "zip" ? ".zip" : extname(path)}`;
    const objectKey = `${KEY_PREFIX}${fileName}`;
    assets.set(objectKey, Object.freeze({ hash, path: source, packaging, objectKey }));
    if (typeof s3BucketParameter === "string") parameters.set(s3BucketParameter, bucket);
    if (typeof s3KeyParameter === "string")
      parameters.set(s3KeyParameter, `${KEY_PREFIX}${PREFIX_SEPARATOR}${fileName}`);
    if (typeof artifactHashParameter === "string") parameters.set(artifactHashParameter, hash);
  }
  return { assets, parameters, skipped };
}

function assetEntries(metadata: unknown): AssetMetadata[] {
  if (typeof metadata !== "object" || metadata === null) return [];
  const entries: AssetMetadata[] = [];
  for (const list of Object.values(metadata)) {
    if (!Array.isArray(list)) continue;
    for (const item of list as Array<{ type?: unknown; data?: unknown }>) {
      if (item?.type === ASSET_METADATA && typeof item.data === "object" && item.data !== null) {
        entries.push(item.data as AssetMetadata);
      }
    }
  }
  return entries;
}
