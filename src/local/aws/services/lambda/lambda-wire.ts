// Lambda's REST-JSON wire protocol (Lambda API reference; the Smithy model's @http traits): each
// operation's route, how its input is read from the path, query, headers and body, and how its
// output is written. The operations are the in-process ones (invoke.ts, function-operations.ts,
// policy-operations.ts): the wire only parses and serializes, so `aws lambda invoke`, the SDK's
// InvokeCommand and API Gateway's integration run the same code.
import type { LocalResponse } from "../../../http/http-types.js";
import { header } from "../../../http/http-types.js";
import type { AwsCall, AwsOperation, RestRoute } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";

const FUNCTION = "/2015-03-31/functions/{FunctionName}";

export const LAMBDA_ROUTES: readonly RestRoute[] = [
  { method: "POST", path: `${FUNCTION}/invocations`, operation: "Invoke" },
  { method: "GET", path: "/2015-03-31/functions", operation: "ListFunctions" },
  { method: "GET", path: FUNCTION, operation: "GetFunction" },
  { method: "GET", path: `${FUNCTION}/configuration`, operation: "GetFunctionConfiguration" },
  { method: "PUT", path: `${FUNCTION}/configuration`, operation: "UpdateFunctionConfiguration" },
  { method: "GET", path: `${FUNCTION}/policy`, operation: "GetPolicy" },
  { method: "POST", path: `${FUNCTION}/policy`, operation: "AddPermission" },
  { method: "DELETE", path: `${FUNCTION}/policy/{StatementId}`, operation: "RemovePermission" },
  { method: "GET", path: "/2021-10-31/functions/{FunctionName}/url", operation: "GetFunctionUrlConfig" },
];

function bodyObject(call: AwsCall): Record<string, unknown> {
  if (call.request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(call.request.body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new AwsError("InvalidRequestContentException", "Could not parse request body into json.");
}

/** The input of a JSON operation: path labels, then query parameters, then the body's members. */
function jsonInput(call: AwsCall): Record<string, unknown> {
  return { ...Object.fromEntries(call.params), ...bodyObject(call), ...call.labels };
}

function invokeInput(call: AwsCall): Record<string, unknown> {
  const optional = (member: string, value: string | null | undefined) =>
    value === undefined || value === null ? {} : { [member]: value };
  return {
    ...call.labels,
    Payload: call.request.body,
    ...optional("Qualifier", call.params.get("Qualifier")),
    ...optional("InvocationType", header(call.request, "x-amz-invocation-type")),
    ...optional("LogType", header(call.request, "x-amz-log-type")),
    ...optional("ClientContext", header(call.request, "x-amz-client-context")),
  };
}

function invokeResponse(output: Record<string, unknown>, requestId: string): LocalResponse {
  const optional = (name: string, value: unknown) => (typeof value === "string" ? { [name]: value } : {});
  return {
    status: Number(output.StatusCode ?? 200),
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      ...optional("x-amz-function-error", output.FunctionError),
      ...optional("x-amz-log-result", output.LogResult),
      ...optional("x-amz-executed-version", output.ExecutedVersion),
    },
    body: typeof output.Payload === "string" ? output.Payload : "",
  };
}

function jsonResponse(output: Record<string, unknown>, requestId: string): LocalResponse {
  const { $metadata, ...members } = output as { $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode ?? 200;
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": requestId },
    body: status === 204 ? "" : JSON.stringify(members),
  };
}

/** The wire handler of the Lambda API over the operations (by name). */
export function lambdaWireHandler(
  operations: Readonly<Record<string, AwsOperation>>,
): (call: AwsCall) => Promise<LocalResponse> {
  return async (call) => {
    const operation = operations[call.operation];
    if (operation === undefined)
      throw new AwsError("UnknownOperationException", `Unknown operation ${call.operation}`);
    if (call.operation === "Invoke") {
      return invokeResponse(await operation(invokeInput(call), call), call.requestId);
    }
    return jsonResponse(await operation(jsonInput(call), call), call.requestId);
  };
}
