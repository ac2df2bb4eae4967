// What a function's execution environment is given at start: the environment variables Lambda
// defines (and nothing of the host process), and the Node.js options a worker thread can apply.
import { randomBytes } from "node:crypto";
import type { AwsCredentials } from "../iam/types.js";
import type { FunctionSpec } from "./types.js";

/** Keys Lambda reserves: a template may not set them (CreateFunction rejects them). */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
]);

/** Variables Lambda sets but a function may override (values of the Node.js runtimes). */
const UNRESERVED_DEFAULTS: Readonly<Record<string, string>> = {
  LANG: "en_US.UTF-8",
  PATH: "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
  LD_LIBRARY_PATH:
    "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
  TZ: ":UTC",
};

export interface EnvironmentInputs {
  readonly spec: FunctionSpec;
  readonly credentials: AwsCredentials;
  readonly awsEndpointUrl: string;
  /** Entry point of the function's VPC, for VPC functions. */
  readonly proxyUrl?: string;
  readonly logStreamName: string;
  /** The runtime's own variables (NODE_PATH, PYTHONPATH, PATH with the layers): the function's override them. */
  readonly runtimeVariables?: Readonly<Record<string, string>>;
}

export function logGroupNameOf(spec: FunctionSpec): string {
  return spec.logGroupName ?? `/aws/lambda/${spec.name}`;
}

/** A log stream name as Lambda gives each execution environment: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
export function newLogStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

/**
 * The complete environment of one execution environment. The template's variables come first; the
 * reserved ones, the local AWS endpoint and (for VPC functions) the VPC's entry point override them.
 */
export function lambdaEnvironment(inputs: EnvironmentInputs): Record<string, string> {
  const { spec, credentials } = inputs;
  const env: Record<string, string> = {
    ...UNRESERVED_DEFAULTS,
    ...inputs.runtimeVariables,
    ...spec.environment,
  };
  env._HANDLER = spec.handler;
  env.AWS_REGION = spec.region;
  env.AWS_DEFAULT_REGION = spec.region;
  env.AWS_EXECUTION_ENV = `AWS_Lambda_${spec.runtime}`;
  env.AWS_LAMBDA_FUNCTION_NAME = spec.name;
  env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE = String(spec.memoryMb);
  env.AWS_LAMBDA_FUNCTION_VERSION = "$LATEST";
  env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
  env.AWS_LAMBDA_LOG_GROUP_NAME = logGroupNameOf(spec);
  env.AWS_LAMBDA_LOG_STREAM_NAME = inputs.logStreamName;
  env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  if (credentials.sessionToken !== undefined) {
    env.AWS_SESSION_TOKEN = credentials.sessionToken;
  }
  env.LAMBDA_TASK_ROOT = spec.codeDir;
  env.LAMBDA_RUNTIME_DIR = "/var/runtime";
  if (spec.logFormat === "JSON") {
    env.AWS_LAMBDA_LOG_FORMAT = "JSON";
    if (spec.applicationLogLevel !== undefined) {
      env.AWS_LAMBDA_LOG_LEVEL = spec.applicationLogLevel.toUpperCase();
    }
  }
  env.AWS_ENDPOINT_URL = inputs.awsEndpointUrl;
  if (inputs.proxyUrl !== undefined) {
    env.HTTP_PROXY = inputs.proxyUrl;
    env.HTTPS_PROXY = inputs.proxyUrl;
    // The local AWS endpoint is reached directly, as a VPC function reaches AWS's endpoints: clients
    // that honour the proxy variables (boto3, curl) would otherwise send its calls to the entry point.
    const endpointHost = hostOf(inputs.awsEndpointUrl);
    if (endpointHost !== undefined) env.NO_PROXY = endpointHost;
  }
  return env;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

export interface WorkerNodeOptions {
  /** `--enable-source-maps`: applied inside the worker with process.setSourceMapsEnabled. */
  readonly sourceMaps: boolean;
  /** `--max-old-space-size=<MB>`: applied as the worker's resource limit. */
  readonly maxOldSpaceMb?: number;
  /** Every other flag, tried as the worker's execArgv. */
  readonly execArgv: readonly string[];
}

/** Splits NODE_OPTIONS into what a worker thread applies itself and what goes to its execArgv. */
export function workerNodeOptions(nodeOptions: string | undefined): WorkerNodeOptions {
  let sourceMaps = false;
  let maxOldSpaceMb: number | undefined;
  const execArgv: string[] = [];
  for (const flag of (nodeOptions ?? "").split(/\s+/)) {
    const size = /^--max-old-space-size=(\d+)$/.exec(flag);
    if (flag === "") {
    } else if (flag === "--enable-source-maps") {
      sourceMaps = true;
    } else if (size?.[1] !== undefined) {
      maxOldSpaceMb = Number(size[1]);
    } else {
      execArgv.push(flag);
    }
  }
  return maxOldSpaceMb === undefined ? { sourceMaps, execArgv } : { sourceMaps, maxOldSpaceMb, execArgv };
}
