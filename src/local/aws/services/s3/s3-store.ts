// S3's state: buckets (owner account, region, policy, Block Public Access) and their objects as real
// files under the plugin's data directory — `objects/<bucket>/<key, URI-encoded>` beside
// `meta/<bucket>/<key, URI-encoded>.json` (content type, ETag, size, user metadata, last modified).
// A key is one file name (slashes encoded), so `a` and `a/b` never collide as file and directory.
// No I/O beyond the data directory, no HTTP, no IAM.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyDocument } from "../../../iam/types.js";

/** A bucket as S3 keeps it (ACLs are disabled: BucketOwnerEnforced, S3's default since April 2023). */
export interface S3Bucket {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** `arn:aws:s3:::<name>`. */
  readonly arn: string;
  /** The bucket policy (AWS::S3::BucketPolicy), if any. */
  policy?: PolicyDocument;
  /** Block Public Access of the bucket (all four true by default since April 2023). */
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
  /** When the bucket was created locally (ISO-8601), ListBuckets' CreationDate. */
  readonly creationDate: string;
}

export interface S3ObjectMeta {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  /** Quoted MD5 hex of the body, as S3 gives for single-part uploads. */
  readonly etag: string;
  readonly contentType: string;
  /** ISO-8601. */
  readonly lastModified: string;
  /** `x-amz-meta-*` user metadata (names lower-cased, without the prefix). */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface S3Object {
  readonly meta: S3ObjectMeta;
  readonly body: Buffer;
}

const fileName = (key: string): string => encodeURIComponent(key);

export class S3Store {
  readonly #root: string;
  readonly #buckets = new Map<string, S3Bucket>();

  /** `root`: the directory objects are kept in (created as needed; kept across restarts). */
  constructor(root: string) {
    this.#root = root;
  }

  /** Where the objects of `bucket` are on disk (one file per key, URI-encoded). */
  objectsDir(bucket: string): string {
    return join(this.#root, "objects", bucket);
  }

  addBucket(bucket: S3Bucket): void {
    this.#buckets.set(bucket.name, bucket);
    mkdirSync(this.objectsDir(bucket.name), { recursive: true });
    mkdirSync(join(this.#root, "meta", bucket.name), { recursive: true });
  }

  bucket(name: string): S3Bucket | undefined {
    return this.#buckets.get(name);
  }

  buckets(): readonly S3Bucket[] {
    return [...this.#buckets.values()];
  }

  /** Stores `body` under `key` (replacing any object there); returns what S3 records. */
  put(
    bucket: string,
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Readonly<Record<string, string>> = {},
    now: Date = new Date(),
  ): S3ObjectMeta {
    const meta: S3ObjectMeta = {
      key,
      size: body.length,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      contentType,
      lastModified: now.toISOString(),
      metadata,
    };
    const data = join(this.objectsDir(bucket), fileName(key));
    writeFileSync(`${data}.tmp`, body);
    renameSync(`${data}.tmp`, data);
    writeFileSync(this.#metaPath(bucket, key), JSON.stringify(meta));
    return meta;
  }

  head(bucket: string, key: string): S3ObjectMeta | undefined {
    const path = this.#metaPath(bucket, key);
    if (!existsSync(path) || !existsSync(join(this.objectsDir(bucket), fileName(key)))) return undefined;
    return JSON.parse(readFileSync(path, "utf8")) as S3ObjectMeta;
  }

  get(bucket: string, key: string): S3Object | undefined {
    const meta = this.head(bucket, key);
    if (meta === undefined) return undefined;
    return { meta, body: readFileSync(join(this.objectsDir(bucket), fileName(key))) };
  }

  delete(bucket: string, key: string): void {
    rmSync(join(this.objectsDir(bucket), fileName(key)), { force: true });
    rmSync(this.#metaPath(bucket, key), { force: true });
  }

  /** Every object whose key starts with `prefix`, in UTF-8 binary key order (S3's listing order). */
  list(bucket: string, prefix = ""): S3ObjectMeta[] {
    const dir = this.objectsDir(bucket);
    if (!existsSync(dir)) return [];
    const keys = readdirSync(dir)
      .filter((name) => !name.endsWith(".tmp"))
      .map((name) => decodeURIComponent(name))
      .filter((key) => key.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return keys.flatMap((key) => {
      const meta = this.head(bucket, key);
      return meta === undefined ? [] : [meta];
    });
  }

  #metaPath(bucket: string, key: string): string {
    return join(this.#root, "meta", bucket, `${fileName(key)}.json`);
  }
}
