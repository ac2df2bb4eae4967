// What the API Gateway front door needs from the rest of the runtime, declared as narrow interfaces
// so the pipeline depends on contracts only (the lead wires the real IAM evaluator and Lambda host).

import type { LocalRequest } from "../../http/http-types.js";
import type { ServerErrorLog } from "../../http/pipeline.js";
import type { AuthorizationRequest, Decision, PolicyDocument, Principal } from "../../iam/types.js";
import type { InvokeOptions, InvokeResult } from "../../lambda/types.js";

/** The policy decision point: evaluates the request against the resource policy (a resolved JSON document). */
export interface Authorizer {
  authorize(request: AuthorizationRequest, resourcePolicy?: PolicyDocument): Decision;
}

export interface LambdaInvoker {
  invoke(functionArn: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
}

/** The function's resource-based policy (AWS::Lambda::Permission statements). */
export interface LambdaPermissionCheck {
  allows(query: {
    functionArn: string;
    principal: string;
    sourceArn: string;
    sourceAccount: string;
  }): boolean;
}

/** Who signed a request (SigV4) — needed only for AWS_IAM methods. */
export type CallerResult =
  | { readonly kind: "anonymous" }
  | { readonly kind: "principal"; readonly principal: Principal; readonly accessKeyId?: string }
  /** A signature that does not verify: `errorType` as AWS names it (e.g. InvalidSignatureException). */
  | { readonly kind: "invalid"; readonly errorType: string; readonly message: string };

export interface CallerIdentity {
  identify(request: LocalRequest): CallerResult;
}

/** An execution-log line (what AWS writes to API-Gateway-Execution-Logs). */
export interface GatewayLogEntry {
  readonly requestId: string;
  readonly apiId?: string;
  readonly message: string;
}

export interface ApiGatewayDeps {
  readonly authorizer: Authorizer;
  readonly lambda: LambdaInvoker;
  readonly permissions: LambdaPermissionCheck;
  /** Without it every caller is anonymous: AWS_IAM methods answer 403 Missing Authentication Token. */
  readonly callers?: CallerIdentity;
  /** Current time (default `() => new Date()`). */
  readonly clock?: () => Date;
  readonly log?: (entry: GatewayLogEntry) => void;
  /** Every 5xx the gateway itself produces (not a function's own 5xx), with the request id and cause. */
  readonly onServerError?: ServerErrorLog;
}
