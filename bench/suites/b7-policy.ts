// B7: the IAM evaluator alone (compiled policies, `evaluate`), on the orders system's policies as
// synthesized: the private API's resource policy (aws:SourceVpce), the PlaceOrder role's identity
// policy (DynamoDB), the endpoint-id secret's resource policy and its KMS key policy (cross-account,
// kms:ViaService). A fixed mix of allowed and denied requests, evaluated round-robin.
import { performance } from "node:perf_hooks";
import {
  ORDERS_STACKS,
  REGION,
  readTemplate,
  resolve,
} from "../../src/local/iam/cdk-out-fixture.test-support.js";
import { type CompiledPolicy, compilePolicy } from "../../src/local/iam/compile-policy.js";
import { evaluate, type PolicySet } from "../../src/local/iam/evaluate.js";
import { expandExecuteApiPolicy } from "../../src/local/iam/execute-api-policy.js";
import { rolePrincipal, rootPrincipal } from "../../src/local/iam/principals.js";
import type { AuthorizationRequest, PolicyDocument } from "../../src/local/iam/types.js";

export interface PolicyResult {
  readonly decisions: number;
  readonly seconds: number;
  readonly decisionsPerSecond: number;
  /** How many of the mix's requests are allowed (a sanity check that both paths are exercised). */
  readonly allowedInMix: number;
  readonly mix: number;
}

const CONSUMER = ORDERS_STACKS.OrdersConsumer;
const FOOD = ORDERS_STACKS.OrdersFood;
const VPCE = "vpce-0123456789abcdef0";
const API_ID = "a1b2c3d4e5";
const ORDERS_TABLE = `arn:aws:dynamodb:${REGION}:${FOOD}:table/cross-account-microservices-food`;
const IDEMPOTENCY_TABLE = `${ORDERS_TABLE}-idempotency`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${CONSUMER}:secret:EndpointIdSecret-AbCdEf`;
const KEY = `arn:aws:kms:${REGION}:${CONSUMER}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;

function document(stack: keyof typeof ORDERS_STACKS, logicalId: string, property: string): PolicyDocument {
  const resource = readTemplate(stack).Resources[logicalId];
  const fixture = {
    stackOutputs: new Map([["PublishOutputRefExecuteApiEndpointC976111FD771B7FC", VPCE]]),
    attributes: new Map<string, unknown>([
      ["MicroserviceTablesOrders0A4809B4.Arn", ORDERS_TABLE],
      ["MicroserviceTablesIdempotency4F6DAFB4.Arn", IDEMPOTENCY_TABLE],
    ]),
  };
  return resolve(resource?.Properties?.[property], ORDERS_STACKS[stack], fixture) as PolicyDocument;
}

function findLogicalId(stack: keyof typeof ORDERS_STACKS, pattern: RegExp): string {
  const id = Object.keys(readTemplate(stack).Resources).find((key) => pattern.test(key));
  if (id === undefined) throw new Error(`B7: ${stack} has no resource matching ${pattern}`);
  return id;
}

function workload(): Array<{ request: AuthorizationRequest; policies: PolicySet }> {
  const api = compilePolicy(
    expandExecuteApiPolicy(
      document("OrdersFood", findLogicalId("OrdersFood", /^MicroserviceApi[0-9A-F]{8}$/), "Policy"),
      {
        region: REGION,
        account: FOOD,
        apiId: API_ID,
      },
    ),
    `resource:arn:aws:execute-api:${REGION}:${FOOD}:${API_ID}`,
  );
  const placeOrder: CompiledPolicy = compilePolicy(
    document(
      "OrdersFood",
      findLogicalId("OrdersFood", /^MicroservicePlaceOrderRoleDefaultPolicy/),
      "PolicyDocument",
    ),
    "identity:PlaceOrder",
  );
  const secret = compilePolicy(
    document("OrdersConsumer", findLogicalId("OrdersConsumer", /^EndpointIdSecretPolicy/), "ResourcePolicy"),
    `resource:${SECRET}`,
  );
  const key = compilePolicy(
    document(
      "OrdersConsumer",
      findLogicalId("OrdersConsumer", /^EndpointIdSecretKey[0-9A-F]{8}$/),
      "KeyPolicy",
    ),
    `resource:${KEY}`,
  );
  const role = rolePrincipal(`arn:aws:iam::${FOOD}:role/OrdersFood-MicroservicePlaceOrderRole`, "bench");
  const invoke = `arn:aws:execute-api:${REGION}:${FOOD}:${API_ID}/v1/POST/orders`;
  const now = new Date("2026-01-01T00:00:00Z");
  const apiContext = (vpce: string) => ({
    "aws:SourceVpce": vpce,
    "aws:SourceVpc": "vpc-0a1b2c3d4e5f60718",
    "aws:VpcSourceIp": "192.168.2.10",
    "aws:SecureTransport": true,
    "aws:CurrentTime": now.toISOString(),
    "aws:EpochTime": Math.floor(now.getTime() / 1000),
  });
  const request = (
    principal: AuthorizationRequest["principal"],
    action: string,
    resource: string,
    resourceAccount: string,
    context: AuthorizationRequest["context"] = {},
  ): AuthorizationRequest => ({ principal, action, resource, resourceAccount, context });
  const foodRoot = rootPrincipal(FOOD);
  return [
    {
      request: request({ kind: "anonymous" }, "execute-api:Invoke", invoke, FOOD, apiContext(VPCE)),
      policies: { identity: [], resource: api },
    },
    {
      request: request(
        { kind: "anonymous" },
        "execute-api:Invoke",
        invoke,
        FOOD,
        apiContext("vpce-0ffffffffffffffff"),
      ),
      policies: { identity: [], resource: api },
    },
    { request: request(role, "dynamodb:PutItem", ORDERS_TABLE, FOOD), policies: { identity: [placeOrder] } },
    {
      request: request(role, "dynamodb:GetItem", IDEMPOTENCY_TABLE, FOOD),
      policies: { identity: [placeOrder] },
    },
    {
      request: request(role, "dynamodb:Query", `${ORDERS_TABLE}/index/orderListIndex`, FOOD),
      policies: { identity: [placeOrder] },
    },
    {
      request: request(foodRoot, "secretsmanager:GetSecretValue", SECRET, CONSUMER),
      policies: { identity: [], resource: secret },
    },
    {
      request: request(foodRoot, "kms:Decrypt", KEY, CONSUMER, {
        "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`,
      }),
      policies: { identity: [], resource: key },
    },
    {
      request: request(foodRoot, "kms:Decrypt", KEY, CONSUMER, {}),
      policies: { identity: [], resource: key },
    },
  ];
}

export function runPolicyBench(seconds: number): PolicyResult {
  const mix = workload();
  const allowedInMix = mix.filter(({ request, policies }) => evaluate(request, policies).allowed).length;
  // Warm-up: let V8 optimise the evaluator before timing.
  for (let i = 0; i < 50_000; i++) {
    const item = mix[i % mix.length];
    if (item !== undefined) evaluate(item.request, item.policies);
  }
  let decisions = 0;
  let allowed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) {
      const item = mix[i % mix.length];
      if (item !== undefined && evaluate(item.request, item.policies).allowed) allowed++;
    }
    decisions += 1000;
  }
  const elapsed = (performance.now() - started) / 1000;
  if (allowed === 0) throw new Error("B7: no decision allowed; the workload is wrong");
  return {
    decisions,
    seconds: Math.round(elapsed * 100) / 100,
    decisionsPerSecond: Math.round(decisions / elapsed),
    allowedInMix,
    mix: mix.length,
  };
}
