// What the API Gateway front door needs from the rest of the runtime, declared as narrow interfaces
// so the pipeline depends on contracts only: the decision point, the in-process AWS client, callers.

import type { LocalRequest } from "../../../../http/http-types.js";
import type { ServerErrorLog } from "../../../../http/pipeline.js";
import type { Authorizer, PolicyDocument, Principal } from "../../../../iam/types.js";
import type { AwsClient } from "../../../aws-client.js";

/** Who signed a request (SigV4) — needed only for AWS_IAM methods. */
export type CallerResult =
  | { readonly kind: "anonymous" }
  | { readonly kind: "principal"; readonly principal: Principal; readonly accessKeyId?: string }
  /**
   * A signature that does not verify: `errorType` as AWS names it (InvalidSignatureException,
   * IncompleteSignatureException, UnrecognizedClientException, ExpiredTokenException).
   */
  | { readonly kind: "invalid"; readonly errorType: string; readonly message: string };

/** What the door knows when it asks: its clock and the API's region (the credential scope must name it). */
export interface IdentifyContext {
  readonly now: Date;
  readonly region: string;
}

export interface CallerIdentity {
  identify(request: LocalRequest, context: IdentifyContext): CallerResult;
}

/** An execution-log line (what AWS writes to API-Gateway-Execution-Logs). */
export interface GatewayLogEntry {
  readonly requestId: string;
  readonly apiId?: string;
  readonly message: string;
}

export interface ApiGatewayDeps {
  readonly authorizer: Authorizer;
  /** Service-to-service calls (Lambda's Invoke for Lambda integrations), as apigateway.amazonaws.com. */
  readonly aws: AwsClient;
  /** Without it every caller is anonymous: AWS_IAM methods answer 403 Missing Authentication Token. */
  readonly callers?: CallerIdentity;
  /** The trust policy of a role of the assembly: may API Gateway assume an integration's Credentials? */
  readonly trustPolicy?: (roleArn: string) => PolicyDocument | undefined;
  /** Current time (default `() => new Date()`). */
  readonly clock?: () => Date;
  readonly log?: (entry: GatewayLogEntry) => void;
  /** Every 5xx the gateway itself produces (not a function's own 5xx), with the request id and cause. */
  readonly onServerError?: ServerErrorLog;
}
