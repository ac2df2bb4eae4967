// Test support: small honest doubles of the front door's dependencies. The resource-policy authorizer
// records and answers plainly (the evaluator is tested on its own); Lambda integrations go through
// Lambda's real Invoke operation and policy evaluation, with plain functions as the handlers.
import { IamState } from "../../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../../iam/policy-decision-point.js";
import type { AuthorizationRequest, Authorizer, Decision, PolicyDocument } from "../../../../iam/types.js";
import type { FunctionSpec, InvokeOptions, InvokeResult } from "../../../../lambda/types.js";
import { type AwsClient, type CallContext, createAwsClient } from "../../../aws-client.js";
import type { AwsService } from "../../../aws-service.js";
import { ServiceRegistry } from "../../../service-registry.js";
import { createInvokeOperation, type InvokeHost } from "../../lambda/invoke.js";
import { LambdaPermissions } from "../../lambda/lambda-permissions.js";
import { type ApiGatewayFrontDoor, createApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import type { ApiGatewayDeps, GatewayLogEntry } from "./deps.js";
import {
  ACCOUNT,
  buildOrdersApi,
  type FixtureOptions,
  FUNCTIONS,
  REGION,
} from "./orders-api.test-support.js";
import type { ProxyEvent } from "./proxy-event.js";

/** Records what it is asked and answers with a fixed decision (the IAM evaluator is tested on its own). */
export class RecordingAuthorizer implements Authorizer {
  readonly calls: { request: AuthorizationRequest; policy: PolicyDocument | undefined }[] = [];
  constructor(public decision: Decision = { allowed: true, reason: "allowed", statements: [] }) {}
  authorize(request: AuthorizationRequest, policy?: PolicyDocument): Decision {
    this.calls.push({ request, policy });
    return this.decision;
  }
}

/** Runs plain functions as Lambda handlers for Lambda's Invoke; the event and result cross a JSON boundary, as in Lambda. */
export class FunctionHost implements InvokeHost {
  readonly events: { functionArn: string; event: Record<string, unknown> }[] = [];
  constructor(private readonly handler: (event: Record<string, unknown>) => unknown | Promise<unknown>) {}

  /** The n-th event the function received (fails the test when there is none). */
  event(n = 0): ProxyEvent & { requestContext: { identity: Record<string, unknown> } } {
    const received = this.events[n];
    if (received === undefined) {
      throw new Error(`the function received ${this.events.length} events, not ${n + 1}`);
    }
    return received.event as unknown as ProxyEvent & {
      requestContext: { identity: Record<string, unknown> };
    };
  }

  spec(functionArn: string): FunctionSpec | undefined {
    return testFunctionSpec(functionArn);
  }

  async invokeJson(
    functionArn: string,
    payload: string,
    options?: InvokeOptions,
  ): Promise<InvokeResult<string>> {
    const event = JSON.parse(payload) as Record<string, unknown>;
    this.events.push({ functionArn, event });
    const requestId = options?.requestId ?? "lambda-request";
    try {
      const result = await this.handler(event);
      return { kind: "success", payload: JSON.stringify(result ?? null), requestId, durationMs: 1 };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { kind: "error", errorType: e.name, errorMessage: e.message, requestId, durationMs: 1 };
    }
  }
}

/** A function of the tests' account as the Lambda host describes it. */
export function testFunctionSpec(functionArn: string): FunctionSpec {
  const [, , , region = REGION, account = ACCOUNT, , name = "fn"] = functionArn.split(":");
  return {
    arn: functionArn,
    name,
    account,
    region,
    codeDir: "/nonexistent",
    handler: "index.handler",
    runtime: "nodejs22.x",
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    roleArn: `arn:aws:iam::${account}:role/${name}`,
  };
}

/** Function policies as AWS::Lambda::Permission statements for apigateway.amazonaws.com: SourceArn patterns per function. */
export function permissionsFrom(
  sourceArnPatterns: Readonly<Record<string, readonly string[]>>,
): LambdaPermissions {
  const permissions = new LambdaPermissions();
  for (const [functionArn, patterns] of Object.entries(sourceArnPatterns)) {
    for (const [n, sourceArn] of patterns.entries()) {
      permissions.add({
        sid: `permission-${n}`,
        functionArn,
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
        sourceArn,
      });
    }
  }
  return permissions;
}

/** The CDK-generated permissions of the template: `/v1/POST/orders`, `/v1/GET/orders`, `/v1/GET/orders/*`. */
export function ordersPermissions(apiId: string): LambdaPermissions {
  const prefix = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1`;
  return permissionsFrom({
    [FUNCTIONS.placeOrder]: [`${prefix}/POST/orders`],
    [FUNCTIONS.listOrders]: [`${prefix}/GET/orders`],
    [FUNCTIONS.getOrder]: [`${prefix}/GET/orders/*`],
  });
}

/**
 * The in-process AWS client of the tests: Lambda's real Invoke operation over `host`, its policy
 * decided by the real evaluator; records who invoked what.
 */
export class RecordingAwsClient implements AwsClient {
  readonly calls: {
    context: CallContext;
    service: string;
    operation: string;
    input: Record<string, unknown>;
  }[] = [];
  readonly #client: AwsClient;

  constructor(host: InvokeHost, permissions: LambdaPermissions) {
    const decisions = new PolicyDecisionPoint(new IamState());
    const invoke = createInvokeOperation({
      host,
      permissions,
      authorizer: { authorize: (request, document) => decisions.decide(request, document) },
    });
    const lambda: AwsService = {
      signingName: "lambda",
      protocol: { kind: "rest-json" },
      operations: { Invoke: invoke },
      implemented: [],
      handle: () => Promise.reject(new Error("in-process only")),
    };
    const registry = new ServiceRegistry([lambda]);
    this.#client = createAwsClient(() => registry);
  }

  call(context: CallContext, service: string, operation: string, input: Readonly<Record<string, unknown>>) {
    this.calls.push({ context, service, operation, input: { ...input } });
    return this.#client.call(context, service, operation, input);
  }

  /** Each Lambda invocation as the function's resource policy saw it. */
  invocations(): { functionArn: unknown; principal: string; sourceArn?: string; sourceAccount?: string }[] {
    return this.calls.map(({ context, input }) => ({
      functionArn: input.FunctionName,
      principal:
        context.caller.principal.kind === "service"
          ? context.caller.principal.service
          : context.caller.principal.kind,
      ...(context.caller.sourceArn === undefined ? {} : { sourceArn: context.caller.sourceArn }),
      sourceAccount: context.caller.account,
    }));
  }
}

/** Fixed clock of the tests: 2024-03-05T10:11:12.345Z. */
export const NOW = new Date(Date.UTC(2024, 2, 5, 10, 11, 12, 345));

type Handler = (event: Record<string, unknown>) => unknown | Promise<unknown>;
const ok: Handler = () => ({ statusCode: 200, body: JSON.stringify({ ok: true }) });

/** The OrdersFood API behind a front door with recording doubles; `overrides` replaces any dependency. */
export async function frontDoorUnderTest(
  options: FixtureOptions & {
    handler?: Handler;
    /** The functions' host (default: `handler` for every function). */
    host?: InvokeHost;
    overrides?: Partial<ApiGatewayDeps>;
    permissionsFor?: (apiId: string) => LambdaPermissions;
  } = {},
): Promise<{
  door: ApiGatewayFrontDoor;
  apiId: string;
  authorizer: RecordingAuthorizer;
  lambda: FunctionHost;
  aws: RecordingAwsClient;
  logs: GatewayLogEntry[];
  state: Awaited<ReturnType<typeof buildOrdersApi>>["state"];
}> {
  const { state, apiId } = await buildOrdersApi(options);
  const authorizer = new RecordingAuthorizer();
  const lambda = new FunctionHost(options.handler ?? ok);
  const aws = new RecordingAwsClient(
    options.host ?? lambda,
    (options.permissionsFor ?? ordersPermissions)(apiId),
  );
  const logs: GatewayLogEntry[] = [];
  const door = createApiGatewayFrontDoor(state, {
    authorizer,
    aws,
    clock: () => NOW,
    log: (entry) => logs.push(entry),
    ...options.overrides,
  });
  return { door, apiId, authorizer, lambda, aws, logs, state };
}

/** A response body as text (bodies are strings or Buffers). */
export function text(body: string | Buffer): string {
  return typeof body === "string" ? body : body.toString("utf8");
}
