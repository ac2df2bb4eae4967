// `Integration` of `Type: AWS` (AWS::ApiGateway::Method): the service action or path the `Uri` names,
// the role of `Credentials`, request templates and passthrough behaviour, request parameters and the
// integration responses (selection pattern, response templates and parameters). What runs: DynamoDB
// actions and Lambda functions (non-proxy); any other service is reported here and answers 500 at
// request time with the execution log naming what is not implemented (AWS's answer to a call that
// fails). CloudFormation template reference, AWS::ApiGateway::Method Integration / IntegrationResponse.
import type { ResolvedResource } from "../../../assembly/types.js";
import type {
  AwsIntegration,
  AwsTarget,
  IntegrationResponse,
  PassthroughBehavior,
  TemplateIntegration,
} from "./api-gateway-state.js";
import { where } from "./properties.js";

const DEFAULT_TIMEOUT_MS = 29_000;
const URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([a-z0-9.-]+):(action|path)\/(.*)$/;
const LAMBDA_PATH =
  /^2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_:$-]+)\/invocations$/;
const PASSTHROUGH: readonly PassthroughBehavior[] = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
/** The services whose in-process API an integration can call locally today. */
export const SERVICES_RUN_LOCALLY: ReadonlySet<string> = new Set(["dynamodb", "lambda", "sns", "sqs"]);
const HONOURED = [
  "Type",
  "Uri",
  "Credentials",
  "IntegrationHttpMethod",
  "TimeoutInMillis",
  "PassthroughBehavior",
  "RequestTemplates",
  "RequestParameters",
  "IntegrationResponses",
];

export type Reporter = (feature: { kind: "property"; name: string; where: string; detail?: string }) => void;

type Spec = Readonly<Record<string, unknown>>;

/** The integration, or a string saying why it cannot run locally (reported by the caller). */
export function awsIntegration(
  resource: ResolvedResource,
  spec: Spec,
  report: Reporter,
): AwsIntegration | string {
  const uri = typeof spec.Uri === "string" ? spec.Uri : "";
  const target = awsTarget(uri);
  if (target === undefined) {
    return `Type AWS Uri ${JSON.stringify(uri)} is not arn:aws:apigateway:<region>:<service>:action/<Action> or :path/<path>`;
  }
  const where_ = where(resource);
  for (const key of Object.keys(spec).filter((k) => !HONOURED.includes(k))) {
    report({ kind: "property", name: `AWS::ApiGateway::Method.Integration.${key}`, where: where_ });
  }
  const service = target.kind === "lambda" ? "lambda" : target.service;
  if (!SERVICES_RUN_LOCALLY.has(service)) {
    report({
      kind: "property",
      name: `AWS::ApiGateway::Method.Integration (Type AWS, ${service})`,
      where: where_,
      detail: `no local ${service} service: the method answers 500 Internal server error, the execution log naming the call`,
    });
  }
  const credentials = typeof spec.Credentials === "string" ? spec.Credentials : undefined;
  if (credentials !== undefined && /:user\/\*$/.test(credentials)) {
    report({
      kind: "property",
      name: "AWS::ApiGateway::Method.Integration.Credentials (caller's credentials)",
      where: where_,
      detail:
        "passing the caller's own credentials through is not emulated: the call is made without a role and fails closed",
    });
  }
  if (credentials === undefined && target.kind !== "lambda") {
    report({
      kind: "property",
      name: "AWS::ApiGateway::Method.Integration (Type AWS without Credentials)",
      where: where_,
      detail: `API Gateway has no identity of its own for ${service}: every call is denied (500)`,
    });
  }
  const timeout = spec.TimeoutInMillis === undefined ? DEFAULT_TIMEOUT_MS : Number(spec.TimeoutInMillis);
  return {
    type: "AWS",
    target,
    ...(credentials === undefined ? {} : { credentials }),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    ...templateIntegration(spec),
  };
}

export function awsTarget(uri: string): AwsTarget | undefined {
  const match = URI.exec(uri);
  if (match === null) return undefined;
  const [, region = "", service = "", kind, rest = ""] = match;
  if (service === "lambda" && kind === "path") {
    const functionArn = LAMBDA_PATH.exec(rest)?.[1];
    return functionArn === undefined ? undefined : { kind: "lambda", functionArn };
  }
  return kind === "action"
    ? { kind: "action", service, region, action: rest }
    : { kind: "path", service, region, path: rest };
}

/** Request templates, passthrough, request parameters and integration responses (AWS and MOCK alike). */
export function templateIntegration(spec: Spec): TemplateIntegration {
  const behavior = typeof spec.PassthroughBehavior === "string" ? spec.PassthroughBehavior.toUpperCase() : "";
  return {
    requestTemplates: templates(spec.RequestTemplates),
    passthroughBehavior: (PASSTHROUGH as readonly string[]).includes(behavior)
      ? (behavior as PassthroughBehavior)
      : "WHEN_NO_MATCH",
    requestParameters: strings(spec.RequestParameters),
    responses: (Array.isArray(spec.IntegrationResponses) ? spec.IntegrationResponses : []).map(
      integrationResponse,
    ),
  };
}

function integrationResponse(item: unknown): IntegrationResponse {
  const spec = (typeof item === "object" && item !== null ? item : {}) as Spec;
  const pattern = typeof spec.SelectionPattern === "string" ? spec.SelectionPattern : "";
  return {
    statusCode: Number(spec.StatusCode ?? 200),
    ...(pattern === "" ? {} : { selectionPattern: pattern }),
    responseTemplates: templates(spec.ResponseTemplates),
    responseParameters: strings(spec.ResponseParameters),
  };
}

function templates(value: unknown): Map<string, string> {
  return new Map(
    Object.entries(strings(value)).map(([contentType, template]) => [contentType.toLowerCase(), template]),
  );
}

function strings(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}
