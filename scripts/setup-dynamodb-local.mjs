#!/usr/bin/env node
// Fetches Amazon DynamoDB Local (shipped inside the npm tarball of amplify-dynamodb-simulator)
// into .cache/dynamodb-local, once. Runs as npm's postinstall; never installs that package's
// own dependencies and never commits the jar. See ../shared/TOOLCHAIN.md "DynamoDB".
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "amplify-dynamodb-simulator@2.9.30";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, ".cache", "dynamodb-local");
const jar = join(target, "DynamoDBLocal.jar");

try {
  execFileSync("java", ["-version"], { stdio: "ignore" });
} catch {
  console.warn(
    "accountmesh: `java` was not found on PATH. DynamoDB Local needs Java >= 17 " +
      "(Debian: apt-get install openjdk-17-jre-headless). Tests and `npm start` will fail until it is installed.",
  );
}

if (existsSync(jar)) {
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), "accountmesh-ddb-"));
try {
  console.log(`accountmesh: fetching DynamoDB Local from ${PACKAGE} ...`);
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
} finally {
  rmSync(work, { recursive: true, force: true });
}
