// Lambda's Invoke operation (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html) for
// in-process callers — API Gateway's Lambda integrations, custom resources, and later event sources.
// The caller must be allowed `lambda:InvokeFunction` by the decision point: the function's resource
// policy (AWS::Lambda::Permission, with aws:SourceArn/aws:SourceAccount for service principals) and,
// for IAM principals, their identity policies (both sides across accounts).
import type { Authorizer } from "../../../iam/types.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { InvokeResult } from "../../../lambda/types.js";
import type { AwsOperation } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import type { LambdaPermissions } from "./lambda-permissions.js";

/**
 * Synchronous invocation payload limits, as Lambda enforces them (measured on AWS: a request over
 * 6 MiB is refused before the function runs, a response may be 100 bytes longer; Lambda quotas,
 * "Invocation payload (request and response) 6 MB each for synchronous"; Zac Charles, "Deep Dive:
 * Lambda's Request/Response Payload Size Limit").
 */
export const MAX_SYNC_REQUEST_BYTES = 6 * 1024 * 1024;
export const MAX_SYNC_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** What Invoke needs of the Lambda host. */
export type InvokeHost = Pick<LambdaHost, "spec" | "invokeJson">;

export interface InvokeDeps {
  readonly host: InvokeHost;
  readonly permissions: LambdaPermissions;
  readonly authorizer: Authorizer;
}

/** FunctionName of a Permission or an Invoke (name, partial ARN or ARN) → the unqualified function ARN. */
export function functionArnOf(functionName: string, account: string, region: string): string {
  if (functionName.startsWith("arn:")) {
    return functionName.split(":").slice(0, 7).join(":");
  }
  const partial = /^(\d{12}):function:([^:]+)/.exec(functionName);
  if (partial !== null) {
    return `arn:aws:lambda:${region}:${partial[1]}:function:${partial[2]}`;
  }
  return `arn:aws:lambda:${region}:${account}:function:${functionName.split(":")[0]}`;
}

function payloadText(payload: unknown): string {
  // An empty payload is the event `{}`, as for an Invoke without a body.
  if (payload === undefined || payload === null || payload === "") return "{}";
  if (typeof payload === "string") return payload;
  if (payload instanceof Uint8Array)
    return payload.length === 0 ? "{}" : Buffer.from(payload).toString("utf8");
  throw new AwsError("InvalidRequestContentException", "Payload must be a string or bytes of JSON.");
}

/**
 * Input `{ FunctionName, Payload?, InvocationType? = "RequestResponse" | "Event" | "DryRun" }`.
 * Output `{ StatusCode, FunctionError?, Payload?, ExecutedVersion?, $metadata: { requestId } }`;
 * `Payload` is JSON text. A function error (timeouts included) is `FunctionError: "Unhandled"` with
 * Lambda's error payload; a response over MAX_SYNC_RESPONSE_BYTES is the function error
 * `Function.ResponseSizeTooLarge`. Errors: ResourceNotFoundException (404), AccessDeniedException (403),
 * TooManyRequestsException (429), InvalidParameterValueException (400), RequestEntityTooLargeException
 * (413, a RequestResponse payload over MAX_SYNC_REQUEST_BYTES: the function does not run).
 */
export function createInvokeOperation(deps: InvokeDeps): AwsOperation {
  return async (input, context) => {
    const name = input.FunctionName;
    if (typeof name !== "string" || name === "") {
      throw new AwsError("InvalidParameterValueException", "FunctionName is required.");
    }
    const functionArn = functionArnOf(name, context.caller.account, context.region);
    const spec = deps.host.spec(functionArn);
    if (spec === undefined) {
      throw new AwsError("ResourceNotFoundException", `Function not found: ${functionArn}`, 404);
    }
    const decision = authorizeCall(deps.authorizer, context, {
      action: "lambda:InvokeFunction",
      resource: functionArn,
      resourceAccount: spec.account,
      resourcePolicy: deps.permissions.policy(functionArn),
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "lambda:InvokeFunction", functionArn, decision),
        403,
      );
    }
    const payload = payloadText(input.Payload);
    const metadata = { $metadata: { httpStatusCode: 200, requestId: context.requestId } };
    switch (input.InvocationType ?? "RequestResponse") {
      case "DryRun":
        return { StatusCode: 204, ...metadata };
      case "Event":
        // Queued: the caller does not wait (retries and destinations come with event sources).
        void deps.host.invokeJson(functionArn, payload, { requestId: context.requestId }).catch(() => {});
        return { StatusCode: 202, ...metadata };
      case "RequestResponse": {
        const size = Buffer.byteLength(payload);
        if (size > MAX_SYNC_REQUEST_BYTES) {
          throw new AwsError(
            "RequestEntityTooLargeException",
            `Request must be smaller than ${MAX_SYNC_REQUEST_BYTES} bytes for the InvokeFunction operation`,
            413,
          );
        }
        const result = await deps.host.invokeJson(functionArn, payload, { requestId: context.requestId });
        return { ...invokeOutput(result, spec.timeoutSeconds), ...metadata };
      }
      default:
        throw new AwsError(
          "InvalidParameterValueException",
          `InvocationType ${JSON.stringify(input.InvocationType)} is not one of RequestResponse, Event, DryRun.`,
        );
    }
  };
}

function invokeOutput(result: InvokeResult<string>, timeoutSeconds: number): Record<string, unknown> {
  switch (result.kind) {
    case "success":
      if (Buffer.byteLength(result.payload) > MAX_SYNC_RESPONSE_BYTES) {
        return {
          StatusCode: 200,
          FunctionError: "Unhandled",
          Payload: JSON.stringify({
            errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
            errorType: "Function.ResponseSizeTooLarge",
          }),
          ExecutedVersion: "$LATEST",
        };
      }
      return { StatusCode: 200, Payload: result.payload, ExecutedVersion: "$LATEST" };
    case "error":
      return {
        StatusCode: 200,
        FunctionError: "Unhandled",
        Payload: JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage }),
        ExecutedVersion: "$LATEST",
      };
    case "timeout":
      return {
        StatusCode: 200,
        FunctionError: "Unhandled",
        Payload: JSON.stringify({
          errorType: "Sandbox.Timedout",
          errorMessage: `RequestId: ${result.requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        }),
        ExecutedVersion: "$LATEST",
      };
    case "throttled":
      throw new AwsError("TooManyRequestsException", "Rate Exceeded.", 429);
  }
}
