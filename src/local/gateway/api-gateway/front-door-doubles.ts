// Test support: small honest doubles of the front door's dependencies. The IAM evaluator and the
// Lambda host are tested on their own; these record what the pipeline asks and answer plainly.
import type { AuthorizationRequest, Decision, PolicyDocument } from "../../iam/types.js";
import type { InvokeResult } from "../../lambda/types.js";
import { type ApiGatewayFrontDoor, createApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import type {
  ApiGatewayDeps,
  Authorizer,
  GatewayLogEntry,
  LambdaInvoker,
  LambdaPermissionCheck,
} from "./deps.js";
import { ACCOUNT, buildOrdersApi, type FixtureOptions, FUNCTIONS, REGION } from "./orders-api-fixture.js";
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

/** Runs plain functions as Lambda handlers; the event and the result cross a JSON boundary, as in Lambda. */
export class FunctionInvoker implements LambdaInvoker {
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
  async invoke(functionArn: string, event: unknown, options?: { requestId?: string }): Promise<InvokeResult> {
    const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
    this.events.push({ functionArn, event: copy });
    const requestId = options?.requestId ?? "lambda-request";
    try {
      const result = await this.handler(copy);
      const payload: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
      return { kind: "success", payload, requestId, durationMs: 1 };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { kind: "error", errorType: e.name, errorMessage: e.message, requestId, durationMs: 1 };
    }
  }
}

/** Function policies as AWS::Lambda::Permission statements: SourceArn patterns (`*` wildcards) per function. */
export class PermissionList implements LambdaPermissionCheck {
  readonly queries: Parameters<LambdaPermissionCheck["allows"]>[0][] = [];
  constructor(private readonly sourceArnPatterns: Readonly<Record<string, readonly string[]>>) {}
  allows(query: Parameters<LambdaPermissionCheck["allows"]>[0]): boolean {
    this.queries.push(query);
    const patterns = this.sourceArnPatterns[query.functionArn] ?? [];
    return (
      query.principal === "apigateway.amazonaws.com" &&
      patterns.some((pattern) => {
        const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        return new RegExp(`^${parts.join(".*")}$`).test(query.sourceArn);
      })
    );
  }
}

/** The CDK-generated permissions of the template: `/v1/POST/orders`, `/v1/GET/orders`, `/v1/GET/orders/*`. */
export function ordersPermissions(apiId: string): PermissionList {
  const prefix = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1`;
  return new PermissionList({
    [FUNCTIONS.placeOrder]: [`${prefix}/POST/orders`],
    [FUNCTIONS.listOrders]: [`${prefix}/GET/orders`],
    [FUNCTIONS.getOrder]: [`${prefix}/GET/orders/*`],
  });
}

/** Fixed clock of the tests: 2024-03-05T10:11:12.345Z. */
export const NOW = new Date(Date.UTC(2024, 2, 5, 10, 11, 12, 345));

type Handler = (event: Record<string, unknown>) => unknown | Promise<unknown>;
const ok: Handler = () => ({ statusCode: 200, body: JSON.stringify({ ok: true }) });

/** The OrdersFood API behind a front door with recording doubles; `overrides` replaces any dependency. */
export async function frontDoorUnderTest(
  options: FixtureOptions & {
    handler?: Handler;
    overrides?: Partial<ApiGatewayDeps>;
    permissionsFor?: (apiId: string) => PermissionList;
  } = {},
): Promise<{
  door: ApiGatewayFrontDoor;
  apiId: string;
  authorizer: RecordingAuthorizer;
  lambda: FunctionInvoker;
  permissions: PermissionList;
  logs: GatewayLogEntry[];
  state: Awaited<ReturnType<typeof buildOrdersApi>>["state"];
}> {
  const { state, apiId } = await buildOrdersApi(options);
  const authorizer = new RecordingAuthorizer();
  const lambda = new FunctionInvoker(options.handler ?? ok);
  const permissions = (options.permissionsFor ?? ordersPermissions)(apiId);
  const logs: GatewayLogEntry[] = [];
  const door = createApiGatewayFrontDoor(state, {
    authorizer,
    lambda,
    permissions,
    clock: () => NOW,
    log: (entry) => logs.push(entry),
    ...options.overrides,
  });
  return { door, apiId, authorizer, lambda, permissions, logs, state };
}

/** A response body as text (bodies are strings or Buffers). */
export function text(body: string | Buffer): string {
  return typeof body === "string" ? body : body.toString("utf8");
}
