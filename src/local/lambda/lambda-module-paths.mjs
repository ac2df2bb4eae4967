// Where a Node.js function's bare imports resolve, as on Lambda: the bundle's own node_modules first
// (from the importing file up to the task root), then NODE_PATH — the layers' nodejs/node_modules
// and the runtime's node_modules, which on Lambda holds the AWS SDK for JavaScript v3
// (/var/runtime/node_modules). The SDK packages (`@aws-sdk/*`, `@smithy/*`) a bundle leaves out
// (NodejsFunction's default `externalModules`) are thus the runtime's, whatever directory holds the
// cloud assembly, never a copy that happens to sit above it. Shared by the CommonJS patch
// (lambda-worker-loader.mjs) and the ES module hooks (lambda-worker-resolve-hooks.mjs).
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";

/** Packages Lambda's Node.js runtimes provide. */
export const RUNTIME_PROVIDED = /^@(?:aws-sdk|smithy)\/[^/]+/;

/** `@scope/name` or `name` of a bare specifier (`@aws-sdk/client-s3/dist-cjs/index.js` → `@aws-sdk/client-s3`). */
export function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Whether a specifier names a package (not a relative path, an absolute path, a URL or a builtin). */
export function isBare(specifier) {
  return !/^(?:\.|\/|[a-zA-Z][a-zA-Z+.-]*:)/.test(specifier) && !specifier.startsWith("#");
}

export function inside(path, root) {
  return path === root || path.startsWith(root + sep);
}

/** The node_modules directories from `fromDir` up to `taskRoot`, nearest first. */
function taskRootChain(fromDir, taskRoot) {
  const dirs = [];
  for (let dir = fromDir; inside(dir, taskRoot); dir = dirname(dir)) {
    if (!dir.endsWith(`${sep}node_modules`)) dirs.push(join(dir, "node_modules"));
    if (dir === taskRoot) break;
  }
  return dirs;
}

/**
 * The node_modules directory that holds `specifier`'s package for a file of the task root in
 * `fromDir`: the task root's own first, then NODE_PATH in order. undefined: none has it.
 */
export function providingDir(specifier, fromDir, taskRoot, nodePath) {
  const name = packageName(specifier);
  for (const dir of [...taskRootChain(fromDir, taskRoot), ...nodePath]) {
    if (existsSync(join(dir, name))) return dir;
  }
  return undefined;
}

/** NODE_PATH's directories. */
export function nodePathOf(env) {
  return (env.NODE_PATH ?? "").split(":").filter((dir) => dir !== "");
}
