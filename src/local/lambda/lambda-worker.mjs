// One Lambda execution environment inside a worker thread (the host side is
// execution-environment.ts): loads the handler the way the Node.js runtime of AWS Lambda does
// (aws-lambda-nodejs-runtime-interface-client), patches console like its LogPatch, and runs one
// invocation at a time. Plain JavaScript: a worker thread cannot load TypeScript.
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { routeEgressThroughVpc } from "./lambda-worker-egress.mjs";
import { loadHandler } from "./lambda-worker-loader.mjs";
import {
  capture,
  errorFields,
  logError,
  patchConsole,
  runtimeError,
  setRequestId,
  takeLines,
} from "./lambda-worker-logs.mjs";

const port = parentPort;
const { functionArn, sourceMaps } = workerData;
const env = process.env;
const runtimeMajor = Number(/nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? "")?.[1] ?? 0);
const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
const memoryLimitInMB = env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE;
const logGroupName = env.AWS_LAMBDA_LOG_GROUP_NAME;
const logStreamName = env.AWS_LAMBDA_LOG_STREAM_NAME;

function crash(label, error) {
  logError(label, error);
  port.postMessage({ t: "crash", ...errorFields(error), lines: takeLines() });
  process.exit(129);
}

// Invocations (Runtime.js + CallbackContext.js).
function memoryUsedMb() {
  return Math.ceil(getHeapStatistics().used_heap_size / 1048576);
}

/** A JSON header of the Runtime API (client context, Cognito identity) as the context carries it. */
function parsedOrUndefined(json) {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function invoke(handler, { requestId: id, deadline, payload, clientContext, cognitoIdentity, traceId }) {
  setRequestId(id);
  env._X_AMZN_TRACE_ID = traceId;
  let finished = false;
  const fail = (error) => {
    logError("Invoke Error", error);
    port.postMessage({
      t: "result",
      ok: false,
      ...errorFields(error),
      memoryMb: memoryUsedMb(),
      lines: takeLines(),
    });
  };
  // The first of callback, context.done/succeed/fail and the returned promise wins.
  const complete = (error, result) => {
    if (finished) {
      return;
    }
    finished = true;
    if (error !== undefined && error !== null) {
      fail(error);
      return;
    }
    let body;
    try {
      body = JSON.stringify(result) ?? "null";
    } catch {
      fail(runtimeError("Runtime.JSONStringifyError", "Unable to stringify response body"));
      return;
    }
    port.postMessage({ t: "result", ok: true, payload: body, memoryMb: memoryUsedMb(), lines: takeLines() });
  };
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn,
    memoryLimitInMB,
    awsRequestId: id,
    logGroupName,
    logStreamName,
    clientContext: parsedOrUndefined(clientContext),
    identity: parsedOrUndefined(cognitoIdentity),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: complete,
    succeed: (result) => complete(null, result),
    fail: (error) => complete(error ?? "handled"),
  };
  let returned;
  try {
    returned = handler(JSON.parse(payload), context, complete);
  } catch (error) {
    complete(error);
    return;
  }
  if (typeof returned?.then === "function") {
    returned.then(
      (result) => complete(null, result),
      (error) => complete(error),
    );
  } else if (handler.length < 3) {
    // A synchronous handler without a callback: Lambda answers null once the event loop drains.
    setImmediate(() => complete(null, null));
  }
}

// Process warnings (process.emitWarning: deprecations, the AWS SDK's notice about the Node.js
// version) are about the host's Node.js, which runs every function alike: they go to the runtime,
// which logs each one once, instead of Node's default printing them through console.error as the
// function's ERROR lines.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  port.postMessage({
    t: "warning",
    name: String(warning?.name ?? "Warning"),
    message: String(warning?.message ?? warning),
    ...(typeof warning?.code === "string" ? { code: warning.code } : {}),
    lines: [],
  });
});
process.on("uncaughtException", (error) => crash("Uncaught Exception", error));
process.on("unhandledRejection", (reason) => {
  const error = runtimeError("Runtime.UnhandledPromiseRejection", String(reason));
  crash("Unhandled Promise Rejection", error);
});
capture(process.stdout);
capture(process.stderr);
patchConsole();
if (sourceMaps) {
  process.setSourceMapsEnabled(true);
}

routeEgressThroughVpc(env);

// The host sends an invocation only after "ready".
let handler;
loadHandler(env._HANDLER ?? "", runtimeMajor).then(
  (loaded) => {
    handler = loaded;
    port.postMessage({ t: "ready", lines: takeLines() });
  },
  (error) => {
    logError("Init Error", error);
    port.postMessage({ t: "init-error", ...errorFields(error), lines: takeLines() });
  },
);
port.on("message", (message) => invoke(handler, message));
