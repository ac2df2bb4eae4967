// Loading the handler of a Lambda execution environment the way the Node.js runtime does
// (UserFunction.js): `<dir>/<module>.<export path>`, tried as is, .js, .mjs, .cjs. Bare imports of
// task-root modules resolve as on Lambda (lambda-module-paths.mjs): CommonJS through the patch
// below, ES modules through hooks registered before the first ES module of the task root loads.
import { existsSync, readFileSync, statSync } from "node:fs";
import Module, { createRequire, register } from "node:module";
import { basename, dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { inside, nodePathOf, providingDir, RUNTIME_PROVIDED } from "./lambda-module-paths.mjs";
import { runtimeError } from "./lambda-worker-logs.mjs";

const taskRoot = resolve(process.env.LAMBDA_TASK_ROOT ?? ".");
const nodePath = nodePathOf(process.env);

// CommonJS: `@aws-sdk/*` and `@smithy/*` from the bundle's node_modules, else NODE_PATH (layers, then
// the runtime's SDK); everything else as Node resolves it (NODE_PATH included).
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAsLambda(request, parent, isMain, options) {
  const from = parent?.filename;
  if (typeof from === "string" && RUNTIME_PROVIDED.test(request) && inside(from, taskRoot)) {
    const dir = providingDir(request, dirname(from), taskRoot, nodePath);
    if (dir !== undefined) {
      return resolveFilename.call(this, request, { id: from, filename: from, paths: [dir] }, isMain, options);
    }
  }
  return resolveFilename.call(this, request, parent, isMain, options);
};

let hooksRegistered = false;
/** ES modules: the same resolution, by hooks (a hooks thread of its own: registered only when needed). */
function registerResolveHooks() {
  if (hooksRegistered) return;
  hooksRegistered = true;
  register(new URL("./lambda-worker-resolve-hooks.mjs", import.meta.url), {
    data: { taskRoot, nodePath },
  });
}

/** `type: module` in the nearest package.json, looked up no higher than the task root. */
function isModuleScope(folder) {
  for (let dir = folder; dir.startsWith(taskRoot); dir = dirname(dir)) {
    if (dir.endsWith(`${sep}node_modules`)) {
      return false;
    }
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (dir === taskRoot) {
      break;
    }
  }
  return false;
}

// The task root sits inside the host's project, whose package.json may say `type: module`; on Lambda
// nothing above /var/task does. CommonJS `.js` files of the task root are compiled as CommonJS.
const requireFromTaskRoot = createRequire(join(taskRoot, "noop.js"));
const compileJs = Module._extensions[".js"];
Module._extensions[".js"] = function compileTaskRootJs(module, filename) {
  if (filename.startsWith(taskRoot + sep) && !isModuleScope(dirname(filename))) {
    module._compile(readFileSync(filename, "utf8"), filename);
    return;
  }
  compileJs.call(this, module, filename);
};

function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}

async function loadModule(path, moduleName) {
  if (isFile(path)) {
    return requireFromTaskRoot(path);
  }
  if (isFile(`${path}.js`)) {
    if (!isModuleScope(dirname(path))) return requireFromTaskRoot(`${path}.js`);
    registerResolveHooks();
    return import(pathToFileURL(`${path}.js`).href);
  }
  if (isFile(`${path}.mjs`)) {
    registerResolveHooks();
    return import(pathToFileURL(`${path}.mjs`).href);
  }
  if (isFile(`${path}.cjs`)) {
    return requireFromTaskRoot(`${path}.cjs`);
  }
  const missing = new Error(`Cannot find module '${moduleName}'`);
  missing.code = "MODULE_NOT_FOUND";
  throw missing;
}

function findIn(path, object) {
  return path
    .split(".")
    .reduce((nested, key) => (nested && typeof nested === "object" ? nested[key] : undefined), object);
}

/** The handler function `_HANDLER` names, loaded from the task root; throws Runtime.* init errors. */
export async function loadHandler(handlerString, runtimeMajor) {
  if (handlerString.includes("..")) {
    throw runtimeError(
      "Runtime.MalformedHandlerName",
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const moduleAndHandler = basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - moduleAndHandler.length);
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndHandler);
  if (match === null) {
    throw runtimeError("Runtime.MalformedHandlerName", "Bad handler");
  }
  const [, moduleName, handlerName] = match;
  let loaded;
  try {
    loaded = await loadModule(resolve(taskRoot, moduleRoot, moduleName), moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw runtimeError("Runtime.UserCodeSyntaxError", String(error));
    }
    if (error?.code === "MODULE_NOT_FOUND" || error?.code === "ERR_MODULE_NOT_FOUND") {
      throw runtimeError("Runtime.ImportModuleError", String(error));
    }
    throw error;
  }
  const handler = findIn(handlerName, loaded) ?? findIn(handlerName, loaded?.default);
  if (!handler) {
    throw runtimeError("Runtime.HandlerNotFound", `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== "function") {
    throw runtimeError("Runtime.HandlerNotFound", `${handlerString} is not a function`);
  }
  if (handler.length >= 3 && runtimeMajor >= 24) {
    throw runtimeError(
      "Runtime.CallbackHandlerDeprecated",
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
    );
  }
  return handler;
}
