// Contracts of the Lambda host.
import type { AwsCredentials } from "../iam/types.js";

/** Everything the host needs to run one function, resolved from the template by the provider. */
export interface FunctionSpec {
  readonly arn: string; // arn:aws:lambda:<region>:<account>:function:<name>
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** Directory holding the unpacked bundle (a cdk.out asset directory). */
  readonly codeDir: string;
  /** `file.export`, e.g. `index.handler` (file resolved as .mjs, .js or .cjs). */
  readonly handler: string;
  /** `nodejs22.x`, `python3.12`, `provided.al2023`, ... (lambda-runtimes.ts says which run here). */
  readonly runtime: string;
  /** `Zip` (default) or `Image`; images do not run locally. */
  readonly packageType?: string;
  /** Directories of the function's layers' contents, in the order the function lists them (Lambda's /opt). */
  readonly layers?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** undefined: unreserved. */
  readonly reservedConcurrency?: number;
  /** Execution role ARN (the caller principal of the function's own SDK calls). */
  readonly roleArn: string;
  /** VPC the function is attached to, if any (its outbound HTTP goes through that VPC's entry point). */
  readonly vpcId?: string;
  /** LoggingConfig.LogGroup; default `/aws/lambda/<name>`. */
  readonly logGroupName?: string;
  /** LoggingConfig.LogFormat; default Text. JSON makes console output JSON lines, as Lambda does. */
  readonly logFormat?: "Text" | "JSON";
  /** LoggingConfig.ApplicationLogLevel (JSON format only): AWS_LAMBDA_LOG_LEVEL, filters console output. */
  readonly applicationLogLevel?: string;
}

export interface InvokeOptions {
  /** Request id for logs and the context object; generated when absent. */
  readonly requestId?: string;
  /** The invoking client's context as JSON text (Invoke's ClientContext, base64-decoded). */
  readonly clientContext?: string;
  /** Return the last 4 KB of the invocation's log as `logTail` (Invoke's LogType Tail). */
  readonly logTail?: boolean;
}

/** Members every outcome of an invocation that ran may carry. */
interface Ran {
  readonly requestId: string;
  readonly durationMs: number;
  /** The end of the invocation's log (at most 4 KB of UTF-8), when `logTail` was asked for. */
  readonly logTail?: string;
}

/** The outcome of a synchronous invocation; `P` is the payload: parsed JSON, or JSON text for `invokeJson`. */
export type InvokeResult<P = unknown> =
  | ({ readonly kind: "success"; readonly payload: P } & Ran)
  | ({
      readonly kind: "error";
      /** Handler threw / rejected: errorType and errorMessage as Lambda reports them. */
      readonly errorType: string;
      readonly errorMessage: string;
      /** The error document the runtime reported (JSON text), when it sent one (Runtime API runtimes). */
      readonly payload?: string;
    } & Ran)
  | ({ readonly kind: "timeout" } & Ran)
  | { readonly kind: "throttled"; readonly requestId: string };

/** How the host learns per-function runtime settings that come from the composition root. */
export interface FunctionRuntimeBindings {
  /**
   * Credentials of a session of the execution role, as Lambda gives each execution environment:
   * temporary credentials (`sessionToken`, `expiration`) of the session `sessionName` (the function's
   * name, as on Lambda). Asked for every new execution environment; an environment whose credentials
   * would expire within its timeout plus a margin is retired and replaced.
   */
  credentialsFor(roleArn: string, sessionName: string): AwsCredentials;
  /** Local AWS endpoint URL given to handlers as AWS_ENDPOINT_URL. */
  readonly awsEndpointUrl: string;
  /** HTTP(S) proxy URL of a VPC's entry point, for functions attached to that VPC. */
  proxyUrlFor(vpcId: string): string | undefined;
}
