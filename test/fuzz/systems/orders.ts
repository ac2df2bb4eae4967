// The orders reference system as the fuzzer sees it: every route of both microservices' REST APIs
// (POST /v1/orders, GET /v1/orders, GET /v1/orders/{orderId}), through every way in a client has —
// the consumer VPC's entry point (ALB by the private names, the API's {apiId}-{vpceId} alias), the
// ALB's direct listener port, and the public execute-api name from outside every VPC.
import * as fc from "fast-check";
import { jsonCall } from "../../support/aws-signing.js";
import { curl, jsonOf } from "../../support/curl.js";
import {
  ACCOUNTS,
  executeApiHost,
  OPTIONS,
  REGION,
  restApiId,
  SECRET_ARN,
  SERVICES,
  type Service,
  serviceUrl,
  startOrdersSystem,
} from "../../support/orders-system.js";
import type { Door, FuzzSystem, Route } from "../fuzz-system.js";

const hex = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 32, maxLength: 32 });
const date = fc
  .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function routes(service: Service): Route[] {
  const option = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...OPTIONS[service]) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const fullName = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\u0000", "constructor", "__proto__") },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 400_000 }).map((n) => "n".repeat(n)) },
  );
  const order = fc
    .record({
      fullName,
      option,
      extra: fc.option(
        fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      ),
    })
    .map(({ fullName, option, extra }) => JSON.stringify({ ...(extra ?? {}), fullName, [service]: option }));
  const body = fc.oneof(
    { weight: 5, arbitrary: order },
    { weight: 1, arbitrary: order.map((text) => text.slice(0, Math.floor(text.length / 2))) },
    {
      weight: 1,
      arbitrary: order.map((text) =>
        Buffer.concat([
          Buffer.from(text.slice(0, 10)),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(text.slice(10)),
        ]),
      ),
    }, // not UTF-8
  );
  const listing = fc
    .record({
      limit: fc.option(
        fc.oneof(fc.integer({ min: -5, max: 1200 }).map(String), fc.constantFrom("ten", "1.5", "", "1e3")),
      ),
      orderDate: fc.option(
        fc.oneof(date, fc.constantFrom("yesterday", "2024-02-30", "2024-02-01T00:00:00Z")),
      ),
      nextToken: fc.option(
        fc.oneof(
          fc.base64String({ maxLength: 40 }),
          fc.string({ maxLength: 20 }).map((s) => Buffer.from(s).toString("base64url")),
        ),
      ),
    })
    .map((q) =>
      new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== null)).toString(),
    );
  const idempotencyKey = fc.oneof(
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 }),
    fc.constantFrom("", "k".repeat(200)),
  );
  const list: Route[] = [
    {
      name: `${service} POST /v1/orders`,
      method: "POST",
      path: fc.constant("/v1/orders"),
      body,
      contentType: "application/json",
      headers: [["Idempotency-Key", idempotencyKey] as const],
    },
    { name: `${service} GET /v1/orders`, method: "GET", path: fc.constant("/v1/orders"), query: listing },
    {
      name: `${service} GET /v1/orders/{orderId}`,
      method: "GET",
      path: fc
        .oneof(
          { weight: 3, arbitrary: hex },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
        )
        .map((id) => `/v1/orders/${id}`),
    },
  ];
  return list.map((route) => ({ ...route, doors: doorsOf(service) }));
}

const doorNames = (service: Service) => ({
  alb: `consumer entry point → ${service} name (ALB)`,
  direct: `ALB direct listener, Host ${service}`,
  alias: `consumer entry point → ${service} {apiId}-{vpceId} alias`,
  public: `outside every VPC → ${service} public execute-api name`,
});
const doorsOf = (service: Service) => Object.values(doorNames(service));

/** Starts the orders system (in memory) and describes it for the fuzzer. */
export async function startOrdersFuzzSystem(): Promise<FuzzSystem> {
  const orders = await startOrdersSystem({ inMemory: true });
  const { endpoints } = orders;
  const foodAdmin = endpoints.accounts[ACCOUNTS.food];
  if (foodAdmin === undefined) throw new Error("endpoints.json names no food administrator");
  const secret = await jsonCall(endpoints.aws, foodAdmin, "secretsmanager", "secretsmanager.GetSecretValue", {
    SecretId: SECRET_ARN,
  });
  const vpceId = (JSON.parse(secret.text) as { SecretString: string }).SecretString;
  const listener = Object.values(endpoints.loadBalancers)[0]?.listeners["443"];
  if (listener === undefined) throw new Error("the orders system has no HTTPS listener");
  const doors: Door[] = SERVICES.flatMap((service) => {
    const names = doorNames(service);
    const name = new URL(serviceUrl(service)).hostname;
    const alias = `${restApiId(service)}-${vpceId}.execute-api.${REGION}.amazonaws.com`;
    const publicName = executeApiHost(restApiId(service));
    return [
      {
        name: names.alb,
        way: { kind: "proxy", proxy: orders.proxies.consumer, host: name, port: 443 },
        host: name,
      },
      {
        name: names.direct,
        way: { kind: "tls", port: Number(new URL(listener).port), servername: name },
        host: name,
      },
      {
        name: names.alias,
        way: { kind: "proxy", proxy: orders.proxies.consumer, host: alias, port: 443 },
        host: alias,
      },
      {
        name: names.public,
        way: { kind: "proxy", proxy: orders.proxies.internet, host: publicName, port: 443 },
        host: publicName,
      },
    ] satisfies Door[];
  });
  return {
    name: "orders",
    doors,
    routes: SERVICES.flatMap(routes),
    hostNames: doors.map((door) => door.host),
    endpoints,
    scratchAccounts: [ACCOUNTS.consumer],
    resourceNames: [
      ...SERVICES.map((s) => `cross-account-microservices-${s}`),
      ...SERVICES.map(
        (s) => `arn:aws:dynamodb:${REGION}:${ACCOUNTS[s]}:table/cross-account-microservices-${s}`,
      ),
      SECRET_ARN,
      "cross-account-microservices",
      "alias/cross-account-microservices",
    ],
    async stillServes() {
      const placed = await curl(
        [
          "-k",
          "-X",
          "POST",
          serviceUrl("food"),
          "-H",
          "Content-Type: application/json",
          "-d",
          '{"fullName":"After Fuzz","food":"pizza"}',
        ],
        { proxy: orders.proxies.consumer },
      );
      if (placed.status !== 200)
        throw new Error(`after the fuzz, POST answered ${placed.status} ${placed.body}`);
      const { order } = jsonOf(placed) as { order: { orderId: string } };
      const read = await curl(["-k", serviceUrl("food", `/v1/orders/${order.orderId}`)], {
        proxy: orders.proxies.consumer,
      });
      if (read.status !== 200 || JSON.stringify(jsonOf(read)) !== JSON.stringify(order)) {
        throw new Error(
          `after the fuzz, the order placed could not be read back: ${read.status} ${read.body}`,
        );
      }
    },
    stop: () => orders.stop(),
  };
}
