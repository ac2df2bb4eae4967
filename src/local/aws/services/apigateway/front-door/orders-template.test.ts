// The OrdersFood API exactly as cdk.out/OrdersFood.template.json defines it (cross-account outputs
// substituted), built by the providers and served by the front door with the template's own Lambda
// permissions.
import { describe, expect, it } from "vitest";
import { cdkOutResource, cdkOutStack } from "../../../../../../test/support/cdk-out-resources.js";
import type { ResolvedResource } from "../../../../assembly/types.js";
import { createApiGatewayProviders } from "../api-gateway-providers.js";
import { ApiGatewayState } from "../api-gateway-state.js";
import { createApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import {
  FunctionHost,
  permissionsFrom,
  RecordingAuthorizer,
  RecordingAwsClient,
  text,
} from "./front-door.test-support.js";
import { CONSUMER_VPCE, request } from "./orders-api.test-support.js";

const stack = cdkOutStack("OrdersFood");
const fnArn = (logicalId: string) => `arn:aws:lambda:${stack.region}:${stack.account}:function:${logicalId}`;

/** Values of everything outside API Gateway the API resources reference. */
function baseRefs(): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(stack.template.Resources)) {
    if (!resource.Type.startsWith("AWS::ApiGateway::")) {
      refs[`${id}.Arn`] = resource.Type === "AWS::Lambda::Function" ? fnArn(id) : `arn:aws:test:::${id}`;
      refs[`${id}.CertificateArn`] = `arn:aws:acm:${stack.region}:${stack.account}:certificate/${id}`;
      // The stage's deployment, made by CreateDeployment in a custom resource (apigateway-service.test.ts).
      refs[`${id}.id`] = "deploy1";
    }
  }
  return refs;
}

/** The consumer's VPC endpoint id stands in for every Fn::GetStackOutput. */
function substituteOutputs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(substituteOutputs);
  if (value === null || typeof value !== "object") return value;
  if ("Fn::GetStackOutput" in value) return CONSUMER_VPCE;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteOutputs(v)]));
}

/** Resolves resources as their references become known (the template's dependency order). */
function resolveInOrder(
  ids: string[],
  refs: Record<string, unknown>,
  create: (r: ResolvedResource) => Promise<void>,
) {
  return (async () => {
    const pending = [...ids];
    while (pending.length > 0) {
      const ready = pending.findIndex((id) => {
        try {
          cdkOutResource(stack, id, refs);
          return true;
        } catch {
          return false;
        }
      });
      if (ready < 0) throw new Error(`unresolvable: ${pending.join(", ")}`);
      const [id] = pending.splice(ready, 1);
      const resolved = cdkOutResource(stack, id ?? "", refs);
      await create({
        ...resolved,
        properties: substituteOutputs(resolved.properties) as Record<string, unknown>,
      });
    }
  })();
}

async function ordersFromTemplate() {
  const state = new ApiGatewayState();
  const providers = new Map(createApiGatewayProviders(state).map((p) => [p.type, p]));
  const refs = baseRefs();
  const apiIds = Object.entries(stack.template.Resources)
    .filter(([, r]) => r.Type.startsWith("AWS::ApiGateway::"))
    .map(([id]) => id);
  const unclaimed: string[] = [];
  await resolveInOrder(apiIds, refs, async (resource) => {
    const provider = providers.get(resource.type);
    if (provider === undefined) throw new Error(`no provider for ${resource.type}`);
    unclaimed.push(...Object.keys(resource.properties).filter((p) => !provider.properties.includes(p)));
    const created = await provider.create(resource);
    refs[resource.logicalId] = created.ref;
    for (const [name, value] of Object.entries(created.attributes ?? {}))
      refs[`${resource.logicalId}.${name}`] = value;
  });
  const permissions: Record<string, string[]> = {};
  for (const [id, resource] of Object.entries(stack.template.Resources)) {
    if (resource.Type === "AWS::Lambda::Permission") {
      const properties = cdkOutResource(stack, id, refs).properties;
      const [FunctionName, SourceArn] = [String(properties.FunctionName), String(properties.SourceArn)];
      permissions[FunctionName] = [...(permissions[FunctionName] ?? []), SourceArn];
    }
  }
  return { state, unclaimed, permissions: permissionsFrom(permissions) };
}

describe("the OrdersFood template", () => {
  it("is honoured completely but for the stage's access logs: every property claimed, only those reported", async () => {
    const { state, unclaimed } = await ordersFromTemplate();
    expect(unclaimed).toEqual([]);
    expect(state.unsupported().map((feature) => [feature.name, feature.where])).toEqual([
      [
        "AWS::ApiGateway::Stage.AccessLogSetting",
        expect.stringMatching(/^OrdersFood\/MicroserviceApiDeploymentStage/),
      ],
    ]);
  });

  it("serves the seed's requests through the consumer endpoint with the template's Lambda permissions", async () => {
    const { state, permissions } = await ordersFromTemplate();
    const lambda = new FunctionHost((event) => ({
      statusCode: 200,
      body: JSON.stringify(event.pathParameters),
    }));
    const door = createApiGatewayFrontDoor(state, {
      authorizer: new RecordingAuthorizer(),
      aws: new RecordingAwsClient(lambda, permissions),
    });
    const post = (body: string) =>
      door.privateEndpoint(
        request("/v1/orders", { method: "POST", headers: { "content-type": "application/json" }, body }),
      );
    expect((await post('{"fullName":"Max Mustermann","food":"hamburger"}')).status).toBe(200);
    expect(text((await post('{"fullName":"Max Mustermann","food":"salad"}')).body)).toBe(
      '{"message": "Invalid request body"}',
    );
    const get = await door.privateEndpoint(request("/v1/orders/0123456789abcdef0123456789abcdef"));
    expect([get.status, text(get.body)]).toEqual([200, '{"orderId":"0123456789abcdef0123456789abcdef"}']);
    expect((await door.privateEndpoint(request("/v1/orders?orderDate=2024-01-01"))).status).toBe(200);
    expect((await door.privateEndpoint(request("/v1/orders", { method: "DELETE" }))).status).toBe(403);
    expect(lambda.events.map((e) => e.functionArn)).toEqual([
      fnArn("MicroservicePlaceOrderC8AC21F8"),
      fnArn("MicroserviceGetOrderD288BF29"),
      fnArn("MicroserviceListOrders11C85095"),
    ]);
  });
});
