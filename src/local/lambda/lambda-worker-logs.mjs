// Logs and errors of a Lambda execution environment (lambda-worker.mjs), as the Node.js runtime's
// LogPatch and Errors modules produce them. Lines are batched per turn of the event loop and sent to
// the host with the next message.
import { format, types } from "node:util";
import { parentPort } from "node:worker_threads";

const port = parentPort;
const env = process.env;
const jsonFormat = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";

let requestId; // undefined during init, printed as such (like Lambda)

export function setRequestId(id) {
  requestId = id;
}
let pending = [];
let flushScheduled = false;

function emit(line) {
  pending.push(line);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function flush() {
  flushScheduled = false;
  if (pending.length > 0) {
    port.postMessage({ t: "log", lines: takeLines() });
  }
}

const partials = [];
export function takeLines() {
  for (const finish of partials) {
    finish();
  }
  const lines = pending;
  pending = [];
  return lines;
}

/** process.stdout / process.stderr writes (Powertools Logger writes JSON lines there) go to the log. */
export function capture(stream) {
  let partial = "";
  stream.write = (chunk, encoding, callback) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) {
      emit(part);
    }
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") {
      process.nextTick(done);
    }
    return true;
  };
  partials.push(() => {
    if (partial !== "") {
      emit(partial);
      partial = "";
    }
  });
}

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const minimumLevel = LEVELS[env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? ""] ?? LEVELS.TRACE;

function jsonErrorReplacer(_key, value) {
  if (value instanceof Error) {
    const stackTrace = typeof value.stack === "string" ? value.stack.split("\n") : value.stack;
    return {
      errorType: value.constructor?.name ?? "UnknownError",
      errorMessage: value.message,
      stackTrace,
      ...value,
    };
  }
  return value;
}

function jsonLine(level, params) {
  const record = { timestamp: new Date().toISOString(), level, requestId };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = format(params[0]);
      return JSON.stringify(record);
    }
  }
  record.message = format(...params);
  const error = params.find((param) => param instanceof Error);
  if (error !== undefined) {
    record.errorType = error.constructor?.name ?? "UnknownError";
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
  }
  return JSON.stringify(record);
}

function log(level, ...params) {
  if (jsonFormat) {
    emit(jsonLine(level, params));
  } else {
    emit(`${new Date().toISOString()}\t${requestId}\t${level}\t${format(...params)}`);
  }
}

export function patchConsole() {
  const method = (level) => (LEVELS[level] >= minimumLevel ? (...params) => log(level, ...params) : () => {});
  console.trace = method("TRACE");
  console.debug = method("DEBUG");
  console.info = method("INFO");
  console.log = console.info;
  console.warn = method("WARN");
  console.error = method("ERROR");
  console.fatal = method("FATAL");
}

export function runtimeError(name, message) {
  const error = new Error(message);
  // On the prototype in the runtime: not an enumerable property of the logged error.
  Object.defineProperty(error, "name", {
    value: name,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return error;
}

function isErrorLike(value) {
  return (
    types.isNativeError(value) ||
    (typeof value?.name === "string" &&
      typeof value?.message === "string" &&
      typeof value?.stack === "string")
  );
}

/** errorType and errorMessage of anything thrown, as the runtime reports them (Errors.toRapidResponse). */
export function errorFields(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message };
    }
    return { errorType: typeof error, errorMessage: String(error) };
  } catch {
    return { errorType: "handled", errorMessage: "the error's name, message or stack could not be read" };
  }
}

function withEnumerableProperties(_key, value) {
  if (value instanceof Error) {
    const properties = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
    if (typeof value.stack === "string") {
      properties.stack = value.stack.split("\n");
    }
    return properties;
  }
  return value;
}

export function logError(label, error) {
  const asError = error instanceof Error ? error : new Error(error);
  if (jsonFormat) {
    log("ERROR", asError);
    return;
  }
  let formatted;
  try {
    formatted = `\t${JSON.stringify(asError, withEnumerableProperties)}`;
  } catch {
    formatted = `\t${JSON.stringify(errorFields(asError))}`;
  }
  log("ERROR", label, formatted);
}
