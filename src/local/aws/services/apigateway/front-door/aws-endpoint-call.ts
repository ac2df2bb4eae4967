// The call behind a `Type: AWS` integration, made through the in-process AWS client as the
// integration's role: API Gateway must be allowed to assume `Credentials` (the role's trust policy,
// apigateway.amazonaws.com, sts:AssumeRole) and the role's identity policy then decides the call
// (the service's own check, through the decision point). Without Credentials only a Lambda target
// has an identity to use: API Gateway's service principal with the method's SourceArn (the function's
// resource policy). The answer — the service's output, or its error with status and `__type` — is the
// endpoint response the integration responses select from; a call no local service can take is
// API Gateway's 500 with the execution log naming it.
import type { AwsClient, CallContext } from "../../../aws-client.js";
import { AwsError, CORAL_NAMESPACE } from "../../../protocol/aws-error.js";
import type { AwsIntegration } from "../api-gateway-state.js";
import { type AssumeRoleDeps, assumeRole } from "./assume-role.js";
import { internalServerError } from "./gateway-error.js";
import { integrationSourceArn, invocationError } from "./integrate.js";
import type { IntegrationRequest } from "./integration-request.js";
import type { ApiTarget } from "./resolve-endpoint.js";
import type { Route } from "./route-request.js";

/** JSON-protocol services' error namespaces (`__type` of the errors they answer). */
const NAMESPACES: Readonly<Record<string, string>> = { dynamodb: "com.amazonaws.dynamodb.v20120810" };

export interface EndpointResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly header: Readonly<Record<string, string>>;
  readonly body: string;
  /** What selection patterns match: a Lambda function error's errorMessage, otherwise the status code. */
  readonly selectionValue: string;
}

export interface EndpointCallDeps extends AssumeRoleDeps {
  readonly aws: AwsClient;
}

export async function callAwsTarget(
  deps: EndpointCallDeps,
  integration: AwsIntegration,
  request: IntegrationRequest,
  where: {
    readonly target: ApiTarget;
    readonly route: Route;
    readonly method: string;
    readonly requestId: string;
  },
): Promise<EndpointResponse> {
  const { target } = integration;
  const context = callContext(deps, integration, where);
  if (target.kind === "lambda") {
    // The integration's request headers are Invoke's: `X-Amz-Invocation-Type: 'Event'` (AWS's
    // "Set up asynchronous invocation of the backend Lambda function") queues the event and answers
    // at once; `X-Amz-Client-Context` passes a client context.
    const invocationType = headerValue(request.header, "x-amz-invocation-type");
    const clientContext = headerValue(request.header, "x-amz-client-context");
    const output = await deps.aws
      .call(context, "lambda", "Invoke", {
        FunctionName: target.functionArn,
        Payload: request.body,
        ...(invocationType === undefined ? {} : { InvocationType: invocationType }),
        ...(clientContext === undefined ? {} : { ClientContext: clientContext }),
      })
      .catch((error: unknown) => {
        throw invocationError(
          error,
          target.functionArn,
          context.caller.sourceArn ?? integration.credentials ?? "",
        );
      });
    if (output.StatusCode === 202 || output.StatusCode === 204) {
      // Event (queued) and DryRun answer with a status and no payload.
      return { status: Number(output.StatusCode), header: {}, body: "", selectionValue: "" };
    }
    const payload = String(output.Payload ?? "null");
    const errorMessage =
      output.FunctionError === undefined
        ? ""
        : String((JSON.parse(payload) as { errorMessage?: unknown }).errorMessage ?? "");
    return {
      status: 200,
      header: { "content-type": "application/json" },
      body: payload,
      selectionValue: errorMessage,
    };
  }
  const action =
    target.kind === "action" ? target.action : (request.querystring.Action ?? formAction(request.body));
  const described = `${target.service}:${action ?? (target.kind === "path" ? `path/${target.path}` : "")}`;
  const input = serviceInput(target.service, request.body);
  if (input === undefined) {
    // A JSON-protocol service answers a body that is not a JSON object so (DynamoDB's words).
    return errorResponse(
      target.service,
      new AwsError(
        "SerializationException",
        "Start of structure or map found where not expected.",
        400,
        CORAL_NAMESPACE,
      ),
    );
  }
  try {
    const output = await deps.aws.call(context, target.service, action ?? "", input);
    const { $metadata: _metadata, ...rest } = output;
    return {
      status: 200,
      header: { "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify(rest),
      selectionValue: "200",
    };
  } catch (error) {
    if (error instanceof AwsError && error.code !== "NotImplemented")
      return errorResponse(target.service, error);
    throw internalServerError(
      500,
      `Execution failed: the integration's call ${described} cannot be made locally: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function headerValue(header: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(header).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : header[key];
}

function callContext(
  deps: EndpointCallDeps,
  integration: AwsIntegration,
  where: {
    readonly target: ApiTarget;
    readonly route: Route;
    readonly method: string;
    readonly requestId: string;
  },
): CallContext {
  const { api } = where.target;
  const base = { region: api.region, requestId: where.requestId };
  const roleArn = integration.credentials;
  if (roleArn === undefined || /:user\/\*$/.test(roleArn)) {
    if (integration.target.kind !== "lambda") {
      throw internalServerError(
        500,
        `Execution failed due to configuration error: the integration has no Credentials, so API Gateway has no identity to call ${integration.target.service} with`,
      );
    }
    const sourceArn = integrationSourceArn(where.target, where.route, where.method);
    return {
      ...base,
      caller: {
        principal: { kind: "service", service: "apigateway.amazonaws.com" },
        account: api.account,
        sourceArn,
      },
    };
  }
  const caller = assumeRole(deps, roleArn, api);
  if (typeof caller === "string") {
    throw internalServerError(500, `Execution failed due to configuration error: ${caller}`);
  }
  return { ...base, caller };
}

/** The service's error as its JSON protocol answers it: status and `{"__type": "<ns>#<Code>", "message"}`. */
function errorResponse(service: string, error: AwsError): EndpointResponse {
  const namespace = error.namespace ?? NAMESPACES[service] ?? "";
  const type = namespace === "" ? error.code : `${namespace}#${error.code}`;
  const key = namespace === CORAL_NAMESPACE ? "Message" : "message";
  return {
    status: error.status,
    header: { "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ __type: type, [key]: error.message }),
    selectionValue: String(error.status),
  };
}

/** Services whose API is AWS's query protocol (form-encoded `Action=...` bodies); the rest speak JSON. */
const QUERY_PROTOCOL = new Set(["sqs", "sns", "sts", "ec2", "iam", "elasticloadbalancing", "cloudformation"]);

/** The body as SDK-shaped input: a JSON object (JSON protocols) or form parameters (query protocols). */
function serviceInput(service: string, body: string): Record<string, unknown> | undefined {
  const text = body.trim();
  if (text === "") return {};
  if (!QUERY_PROTOCOL.has(service)) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** `Action=SendMessage&...` of a query-protocol body. */
function formAction(body: string): string | undefined {
  return new URLSearchParams(body).get("Action") ?? undefined;
}
