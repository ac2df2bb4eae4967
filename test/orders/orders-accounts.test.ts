// Acceptance scenarios at the account boundary, with one persistent runtime: what a function's own
// credentials may touch (SDK v3), who may read the consumer's shared secret and whose tables an
// administrator sees (signed AWS calls; the same through the AWS CLI v2 in test/interop), and a stop
// and start again on the same data directory.
import { readFileSync, rmSync } from "node:fs";
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../src/shared/errors.js";
import { signedFetch } from "../support/aws-signing.js";
import { curl, jsonOf, leafFingerprint } from "../support/curl.js";
import {
  ACCOUNTS,
  awsJson,
  freshDataDir,
  functionArn,
  type OrdersSystem,
  SECRET_ARN,
  SERVICES,
  type Service,
  serviceUrl,
  startOrdersSystem,
  tableArn,
} from "../support/orders-system.js";

const dataDir = freshDataDir();
let orders: OrdersSystem;

beforeAll(async () => {
  orders = await startOrdersSystem({ dataDir, inMemory: false });
  console.log(`orders-accounts: startRuntime (persistent, first start) took ${orders.startMs} ms`);
});

afterAll(async () => {
  await orders?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function admin(account: string) {
  const credentials = orders.endpoints.accounts[account];
  if (credentials === undefined) throw new Error(`endpoints.json has no administrator for ${account}`);
  return credentials;
}

/** What a function's code runs with: a session of its execution role. */
function functionCredentials(service: Service, name: "post-order" | "get-order") {
  const roleArn = orders.system.lambda.spec(functionArn(service, name))?.roleArn;
  if (roleArn === undefined) throw new Error(`no function ${functionArn(service, name)} in the runtime`);
  return { roleArn, ...orders.system.credentials.forRole(roleArn) };
}

function dynamodb(credentials: { accessKeyId: string; secretAccessKey: string }): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: orders.endpoints.aws,
    region: orders.endpoints.region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    maxAttempts: 1,
  });
}

async function placeOrder(service: Service, option: string): Promise<Record<string, string>> {
  const result = await curl(
    [
      "-k",
      "-X",
      "POST",
      serviceUrl(service),
      "-H",
      "Content-Type: application/json",
      "-d",
      JSON.stringify({ fullName: "Ana", [service]: option }),
    ],
    { proxy: orders.proxies.consumer },
  );
  expect(result.status, result.body).toBe(200);
  return (jsonOf(result) as { order: Record<string, string> }).order;
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call succeeded").toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}

describe("6. a function's credentials reach its own table only", () => {
  it("the food get-order role reads its own table", async () => {
    const order = await placeOrder("food", "pizza");
    const { roleArn, ...credentials } = functionCredentials("food", "get-order");
    expect(roleArn).toMatch(/^arn:aws:iam::222222222222:role\//);
    const client = dynamodb(credentials);
    for (const tableName of ["cross-account-microservices-food", tableArn("food")]) {
      const read = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { orderId: { S: order.orderId ?? "" } } }),
      );
      expect(read.Item?.food?.S).toBe("pizza");
    }
  });

  it("the food get-order role gets AccessDeniedException on the beverage table, in AWS's error shape", async () => {
    const { roleArn, ...credentials } = functionCredentials("food", "get-order");
    const client = dynamodb(credentials);
    const calls = [
      [
        "GetItem",
        new GetItemCommand({ TableName: tableArn("beverage"), Key: { orderId: { S: "0".repeat(32) } } }),
      ],
      ["Scan", new ScanCommand({ TableName: tableArn("beverage") })],
      [
        "Query",
        new QueryCommand({
          TableName: tableArn("beverage"),
          IndexName: "orderDateIndex",
          KeyConditionExpression: "orderDate = :d",
          ExpressionAttributeValues: { ":d": { S: "2026-01-01" } },
        }),
      ],
    ] as const;
    for (const [action, command] of calls) {
      const error = await rejection(client.send(command as GetItemCommand));
      expect(error.name).toBe("AccessDeniedException");
      expect(error.$fault).toBe("client");
      expect((error.$metadata as { httpStatusCode?: number }).httpStatusCode).toBe(400);
      const session = roleArn.replace(/^arn:aws:iam::(\d+):role\/(.+)$/, "arn:aws:sts::$1:assumed-role/$2/");
      expect(error.message).toContain(`User: ${session}`);
      expect(error.message).toContain(
        `is not authorized to perform: dynamodb:${action} on resource: ${tableArn("beverage")}`,
      );
    }
    const raw = await signedFetch(orders.endpoints.aws, {
      service: "dynamodb",
      credentials,
      target: "DynamoDB_20120810.GetItem",
      contentType: "application/x-amz-json-1.0",
      body: JSON.stringify({ TableName: tableArn("beverage"), Key: { orderId: { S: "0".repeat(32) } } }),
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    const body = JSON.parse(raw.text) as Record<string, unknown>;
    expect(body.__type).toMatch(/#AccessDeniedException$/);
    expect(String(body.message ?? body.Message)).toContain("not authorized to perform: dynamodb:GetItem");
  });

  it("the get-order role may not write even its own table (least privilege)", async () => {
    const { roleArn: _roleArn, ...credentials } = functionCredentials("food", "get-order");
    const error = await rejection(
      dynamodb(credentials).send(
        new PutItemCommand({ TableName: tableArn("food"), Item: { orderId: { S: "f".repeat(32) } } }),
      ),
    );
    expect(error.name).toBe("AccessDeniedException");
  });
});

describe("6. the consumer's secret (the endpoint id) is readable by the principals its policy names", () => {
  const getSecret = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    awsJson(orders.endpoints, credentials, "secretsmanager", "GetSecretValue", { SecretId: SECRET_ARN });

  it.each(SERVICES)("the %s account's administrator reads it (named on both sides)", async (service) => {
    const result = await getSecret(admin(ACCOUNTS[service]));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.Name).toBe("cross-account-microservices");
    expect(result.body.SecretString).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(String(result.body.ARN).startsWith(`${SECRET_ARN}-`)).toBe(true);
  });

  it.each([
    ["food", "get-order"],
    ["food", "post-order"],
    ["beverage", "get-order"],
  ] as const)(
    "the %s %s function's role is denied (its identity policy grants no GetSecretValue)",
    async (service, name) => {
      const { roleArn, ...credentials } = functionCredentials(service, name);
      const result = await getSecret(credentials);
      expect(result.status).toBe(400);
      expect(String(result.body.__type)).toMatch(/AccessDeniedException$/);
      expect(String(result.body.message)).toMatch(/^User: /);
      expect(String(result.body.message)).toContain(roleArn.split("/").at(-1) ?? roleArn);
      expect(String(result.body.message)).toContain(
        "is not authorized to perform: secretsmanager:GetSecretValue",
      );
    },
  );
  it("the administrator of an account the policy does not name is denied by the resource policy", async () => {
    const outsider = orders.system.credentials.adminFor("444444444444");
    const result = await getSecret(outsider);
    expect(result.status).toBe(400);
    expect(String(result.body.__type)).toMatch(/AccessDeniedException$/);
    expect(String(result.body.message)).toContain(
      "User: arn:aws:iam::444444444444:root is not authorized to perform: secretsmanager:GetSecretValue",
    );
    expect(String(result.body.message)).toContain(
      "because no resource-based policy allows the secretsmanager:GetSecretValue action",
    );
  });
});

describe("7. an administrator sees the tables of their own account only", () => {
  it.each([
    [ACCOUNTS.food, ["cross-account-microservices-food", "cross-account-microservices-food-idempotency"]],
    [
      ACCOUNTS.beverage,
      ["cross-account-microservices-beverage", "cross-account-microservices-beverage-idempotency"],
    ],
    [ACCOUNTS.consumer, []],
  ])("DynamoDB ListTables as the administrator of %s", async (account, tables) => {
    const result = await awsJson(orders.endpoints, admin(account), "dynamodb", "ListTables", {});
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toEqual({ TableNames: tables });
  });

  it("the food administrator cannot describe or read the beverage table", async () => {
    for (const [operation, input] of [
      ["DescribeTable", { TableName: tableArn("beverage") }],
      ["GetItem", { TableName: tableArn("beverage"), Key: { orderId: { S: "0".repeat(32) } } }],
    ] as const) {
      const result = await awsJson(orders.endpoints, admin(ACCOUNTS.food), "dynamodb", operation, input);
      expect(result.status).toBe(400);
      expect(String(result.body.__type)).toMatch(/AccessDeniedException$/);
      expect(String(result.body.message ?? result.body.Message)).toContain("arn:aws:iam::222222222222:root");
    }
  });
});

describe("8. stop and start again on the same data directory", () => {
  it("a second runtime on the same data directory is refused while the first runs", async () => {
    const error = await startOrdersSystem({ dataDir, inMemory: false }).then(
      (second) => second.stop().then(() => undefined),
      (e: unknown) => e,
    );
    expect(isAccountmeshError(error) && error.code).toBe("RUNTIME_ALREADY_RUNNING");
  });

  it("keeps the orders, the ALB's certificate, the ids and the credentials", async () => {
    const food = await placeOrder("food", "salat");
    const beverage = await placeOrder("beverage", "coffee");
    const before = orders;
    const fingerprint = await leafFingerprint(
      before.proxies.consumer,
      "food.cross-account-microservices.com",
    );
    const foodRole = functionCredentials("food", "get-order");
    const secret = await awsJson(before.endpoints, admin(ACCOUNTS.food), "secretsmanager", "GetSecretValue", {
      SecretId: SECRET_ARN,
    });
    const ca = readFileSync(before.endpoints.caFile ?? "", "utf8");
    await before.stop();

    orders = await startOrdersSystem({ dataDir, inMemory: false });
    console.log(`orders-accounts: startRuntime (persistent, restart) took ${orders.startMs} ms`);
    for (const [service, order] of [
      ["food", food],
      ["beverage", beverage],
    ] as const) {
      // No -k: the certificate must chain to the (kept) local CA and name the service.
      const caFile = orders.endpoints.caFile ?? "";
      const read = await curl(["--cacert", caFile, serviceUrl(service, `/v1/orders/${order.orderId}`)], {
        proxy: orders.proxies.consumer,
      });
      expect(read.status, read.body).toBe(200);
      expect(jsonOf(read)).toEqual(order);
    }
    expect(await leafFingerprint(orders.proxies.consumer, "food.cross-account-microservices.com")).toBe(
      fingerprint,
    );
    expect(readFileSync(orders.endpoints.caFile ?? "", "utf8")).toBe(ca);
    const ids = (system: OrdersSystem) => ({
      vpcs: Object.fromEntries(
        Object.entries(system.endpoints.vpcs).map(([k, v]) => [k, [v.vpcId, v.account]]),
      ),
      loadBalancers: Object.fromEntries(
        Object.entries(system.endpoints.loadBalancers).map(([k, v]) => [k, [v.arn, v.dnsName, v.vpc]]),
      ),
      accounts: system.endpoints.accounts,
    });
    expect(ids(orders)).toEqual(ids(before));
    expect(functionCredentials("food", "get-order")).toEqual(foodRole);
    const secretAgain = await awsJson(
      orders.endpoints,
      admin(ACCOUNTS.food),
      "secretsmanager",
      "GetSecretValue",
      {
        SecretId: SECRET_ARN,
      },
    );
    expect(secretAgain.body.SecretString).toBe(secret.body.SecretString);
    expect(secret.body.SecretString).toMatch(/^vpce-/);
  });
});
