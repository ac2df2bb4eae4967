// ES module resolution hooks of a Node.js execution environment (module.register, run on Node's
// hooks thread): a bare import of a task-root module resolves as on Lambda (lambda-module-paths.mjs)
// — the AWS SDK from the bundle or else the runtime's, other packages from the bundle or else NODE_PATH
// (layers), which Lambda's runtimes honour for ES modules too.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inside, isBare, packageName, providingDir, RUNTIME_PROVIDED } from "./lambda-module-paths.mjs";

let taskRoot = "";
let nodePath = [];

export function initialize(data) {
  taskRoot = data.taskRoot;
  nodePath = data.nodePath;
}

/** A parent URL from which `dir` (a node_modules directory) is the first one searched. */
const parentIn = (dir) => pathToFileURL(join(dirname(dir), "accountmesh-resolve.mjs")).href;

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (!isBare(specifier) || parent === undefined || !parent.startsWith("file:")) {
    return next(specifier, context);
  }
  const parentPath = fileURLToPath(parent);
  if (!inside(parentPath, taskRoot)) return next(specifier, context);
  if (RUNTIME_PROVIDED.test(specifier)) {
    const dir = providingDir(specifier, dirname(parentPath), taskRoot, nodePath);
    if (dir !== undefined) return next(specifier, { ...context, parentURL: parentIn(dir) });
  }
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    const name = packageName(specifier);
    const dir = nodePath.find((candidate) => existsSync(join(candidate, name)));
    if (dir === undefined) throw error;
    return next(specifier, { ...context, parentURL: parentIn(dir) });
  }
}
