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
import type { AsyncInvocations } from "./async-invocations.js";
import type { LambdaPermissions } from "./lambda-permissions.js";

/** What Invoke needs of the Lambda host. */
export type InvokeHost = Pick<LambdaHost, "spec" | "invokeJson">;

export interface InvokeDeps {
  readonly host: InvokeHost;
  readonly permissions: LambdaPermissions;
  readonly authorizer: Authorizer;
  /** The event queue of asynchronous invocations (without one, Event invocations run once, unretried). */
  readonly async?: AsyncInvocations;
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

/**
 * Invocation payload limits, as Lambda enforces them (Lambda quotas: "Invocation payload (request and
 * response) 6 MB each for synchronous, 1 MB for asynchronous"; measured on AWS, a synchronous response
 * may be 100 bytes longer — Zac Charles, "Deep Dive: Lambda's Request/Response Payload Size Limit").
 */
export const MAX_SYNC_REQUEST_BYTES = 6_291_456;
export const MAX_SYNC_RESPONSE_BYTES = 6_291_456 + 100;
export const MAX_ASYNC_REQUEST_BYTES = 1_048_576;

function payloadText(payload: unknown): string {
  if (payload === undefined || payload === null) return "{}";
  const text =
    typeof payload === "string"
      ? payload
      : payload instanceof Uint8Array
        ? Buffer.from(payload).toString("utf8")
        : undefined;
  if (text === undefined) {
    throw new AwsError("InvalidRequestContentException", "Payload must be a string or bytes of JSON.");
  }
  if (text.trim() === "") return "{}";
  try {
    JSON.parse(text);
  } catch (error) {
    throw new AwsError(
      "InvalidRequestContentException",
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
    );
  }
  return text;
}

/** ClientContext (base64 of a JSON object, at most 3583 bytes) → the JSON text the function sees. */
function clientContextOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : "";
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && String(value).length <= 3583) return text;
  } catch {
    // answered below
  }
  throw new AwsError(
    "InvalidRequestContentException",
    "Client context must be a valid Base64-encoded JSON object.",
  );
}

/** The unqualified ARN and the qualifier of Invoke's FunctionName and Qualifier. */
function qualified(name: string, qualifier: unknown, account: string, region: string) {
  const functionArn = functionArnOf(name, account, region);
  const fromName = name.startsWith("arn:")
    ? name.split(":")[7]
    : /^(?:\d{12}:function:)?[^:]+:(.+)$/.exec(name)?.[1];
  const given = typeof qualifier === "string" && qualifier !== "" ? qualifier : fromName;
  return { functionArn, qualifier: given };
}

/**
 * Input `{ FunctionName, Payload?, InvocationType? = "RequestResponse" | "Event" | "DryRun", Qualifier?,
 * LogType? = "None" | "Tail", ClientContext? }`. Output `{ StatusCode, FunctionError?, Payload?,
 * ExecutedVersion?, LogResult?, $metadata: { requestId } }`; `Payload` is JSON text, `LogResult` the
 * base64 of the last 4 KB of the log. A function error (timeouts included) is `FunctionError:
 * "Unhandled"` with Lambda's error payload. Errors: ResourceNotFoundException (404; also for a
 * qualifier other than $LATEST: no versions or aliases locally), AccessDeniedException (403),
 * TooManyRequestsException (429), RequestEntityTooLargeException (413),
 * InvalidRequestContentException and InvalidParameterValueException (400).
 */
export function createInvokeOperation(deps: InvokeDeps): AwsOperation {
  return async (input, context) => {
    const name = input.FunctionName;
    if (typeof name !== "string" || name === "") {
      throw new AwsError("InvalidParameterValueException", "FunctionName is required.");
    }
    const { functionArn, qualifier } = qualified(
      name,
      input.Qualifier,
      context.caller.account,
      context.region,
    );
    const spec = deps.host.spec(functionArn);
    if (spec === undefined || (qualifier !== undefined && qualifier !== "$LATEST")) {
      const shown = qualifier === undefined ? functionArn : `${functionArn}:${qualifier}`;
      throw new AwsError("ResourceNotFoundException", `Function not found: ${shown}`, 404);
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
    const size = Buffer.byteLength(payload);
    const type = input.InvocationType ?? "RequestResponse";
    if (type === "Event" && size > MAX_ASYNC_REQUEST_BYTES) {
      throw new AwsError(
        "RequestEntityTooLargeException",
        `${size} byte payload is too large for the Event invocation type (limit ${MAX_ASYNC_REQUEST_BYTES} bytes)`,
        413,
      );
    }
    if (size > MAX_SYNC_REQUEST_BYTES) {
      throw new AwsError(
        "RequestEntityTooLargeException",
        `Request must be smaller than ${MAX_SYNC_REQUEST_BYTES} bytes for the InvokeFunction operation`,
        413,
      );
    }
    const clientContext = clientContextOf(input.ClientContext);
    const metadata = { $metadata: { httpStatusCode: 200, requestId: context.requestId } };
    switch (type) {
      case "DryRun":
        return { StatusCode: 204, ...metadata };
      case "Event":
        // Queued: the caller does not wait; retries, destinations and the DLQ are the queue's.
        if (deps.async === undefined) {
          void deps.host.invokeJson(functionArn, payload, { requestId: context.requestId }).catch(() => {});
        } else {
          deps.async.enqueue(functionArn, payload, context.requestId);
        }
        return { StatusCode: 202, ...metadata };
      case "RequestResponse": {
        const result = await deps.host.invokeJson(functionArn, payload, {
          requestId: context.requestId,
          logTail: input.LogType === "Tail",
          ...(clientContext === undefined ? {} : { clientContext }),
        });
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
  const tail =
    result.kind !== "throttled" && result.logTail !== undefined
      ? { LogResult: Buffer.from(result.logTail, "utf8").toString("base64") }
      : {};
  switch (result.kind) {
    case "success":
      // Process runtimes refuse an oversized response at the Runtime API; the worker path checks here.
      if (Buffer.byteLength(result.payload) > MAX_SYNC_RESPONSE_BYTES) {
        return {
          StatusCode: 200,
          FunctionError: "Unhandled",
          Payload: JSON.stringify({
            errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
            errorType: "Function.ResponseSizeTooLarge",
          }),
          ExecutedVersion: "$LATEST",
          ...tail,
        };
      }
      return { StatusCode: 200, Payload: result.payload, ExecutedVersion: "$LATEST", ...tail };
    case "error":
      return {
        StatusCode: 200,
        FunctionError: "Unhandled",
        Payload:
          result.payload ??
          JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage }),
        ExecutedVersion: "$LATEST",
        ...tail,
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
        ...tail,
      };
    case "throttled":
      throw new AwsError("TooManyRequestsException", "Rate Exceeded.", 429);
  }
}
