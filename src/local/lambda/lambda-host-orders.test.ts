// The real get-order bundle from cdk.out, run by the host against DynamoDB Local.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fixtureSpec, logCollector } from "../../../test/fixtures/lambda/fixture-spec.js";
import { apiGatewayEvent } from "../../../test/support/api-gateway-event.js";
import { createOrdersTables } from "../../../test/support/dynamodb.js";
import { LambdaHost } from "./lambda-host.js";
import type { FunctionSpec } from "./types.js";

const CDK_OUT = fileURLToPath(new URL("../../../cdk.out/", import.meta.url));
const FUNCTION_NAME = "cross-account-microservices-food-get-order";
const ACCESS_KEY_ID = "lambdahostorders"; // DynamoDB Local accepts letters and digits only

interface TemplateFunction {
  Type: string;
  Properties: {
    FunctionName?: string;
    Handler: string;
    Runtime: string;
    Timeout: number;
    MemorySize: number;
    Code: { S3Key: string };
    Environment: { Variables: Record<string, unknown> };
  };
}

function getOrderFunction(): TemplateFunction["Properties"] {
  const template = JSON.parse(readFileSync(join(CDK_OUT, "OrdersFood.template.json"), "utf8")) as {
    Resources: Record<string, TemplateFunction>;
  };
  const found = Object.values(template.Resources).find(
    (r) => r.Type === "AWS::Lambda::Function" && r.Properties.FunctionName === FUNCTION_NAME,
  );
  if (found === undefined) {
    throw new Error(`${FUNCTION_NAME} is not in cdk.out/OrdersFood.template.json; run npm run synth`);
  }
  return found.Properties;
}

describe("LambdaHost with the deployed orders bundle", () => {
  const endpoint = inject("dynamodbEndpoint");
  const collector = logCollector();
  let host: LambdaHost;
  let spec: FunctionSpec;

  beforeAll(async () => {
    const properties = getOrderFunction();
    const client = new DynamoDBClient({
      endpoint,
      region: "eu-central-1",
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: "local" },
    });
    const tables = await createOrdersTables(client, "lambda-host-orders");
    client.destroy();
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(properties.Environment.Variables)) {
      environment[key] = typeof value === "string" ? value : "";
    }
    environment.ORDERS_TABLE_NAME = tables.ordersTableName;
    environment.IDEMPOTENCY_TABLE_NAME = tables.idempotencyTableName;
    spec = fixtureSpec(FUNCTION_NAME, {
      codeDir: join(CDK_OUT, `asset.${properties.Code.S3Key.replace(/\.zip$/, "")}`),
      handler: properties.Handler,
      runtime: properties.Runtime,
      timeoutSeconds: properties.Timeout,
      memoryMb: properties.MemorySize,
      environment,
      logFormat: "JSON",
    });
    host = new LambdaHost(
      {
        awsEndpointUrl: endpoint,
        credentialsFor: () => ({
          accessKeyId: ACCESS_KEY_ID,
          secretAccessKey: "local",
          sessionToken: "token",
        }),
        proxyUrlFor: () => undefined,
      },
      { log: collector.log },
    );
    host.register(spec);
  });

  afterAll(async () => {
    await host?.stop();
  });

  it("answers a GET for a missing order with the 404 proxy response, and its Powertools logs show", async () => {
    const orderId = "0123456789abcdef0123456789abcdef";
    const event = apiGatewayEvent({
      method: "GET",
      resource: "/orders/{orderId}",
      pathParameters: { orderId },
    });
    const result = await host.invoke(spec.arn, event, { requestId: "req-missing-order" });
    expect(result).toMatchObject({
      kind: "success",
      payload: { statusCode: 404, headers: { "Content-Type": "application/json" } },
    });
    const body = result.kind === "success" ? (result.payload as { body: string }).body : "";
    expect(JSON.parse(body)).toEqual({ message: `order ${orderId} not found` });

    const structured = collector.lines
      .map((line) => line.slice(`[${FUNCTION_NAME}] `.length))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(structured).toContainEqual(
      expect.objectContaining({
        message: "request rejected",
        function_request_id: "req-missing-order",
        function_name: FUNCTION_NAME,
        statusCode: 404,
      }),
    );
    expect(collector.lines).toContain(`[${FUNCTION_NAME}] END RequestId: req-missing-order`);
  });
});
