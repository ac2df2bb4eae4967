// Acceptance scenarios of the orders system, driven with curl through the entry points of the
// running system (one runtime for the whole file): the seed's commands, isolation between the
// microservices, the gateway's own answers, malformed requests, every other way in, spoofed headers.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, jsonOf } from "../support/curl.js";
import {
  ACCOUNTS,
  awsJson,
  executeApiHost,
  OPTIONS,
  type OrdersSystem,
  OTHER,
  REGION,
  restApiId,
  SECRET_ARN,
  SERVICES,
  type Service,
  serviceUrl,
  startOrdersSystem,
} from "../support/orders-system.js";
import { malformedRequests } from "./malformed-requests.js";
import {
  expectConnectRefused,
  expectGatewayAnswer,
  FORBIDDEN,
  FrontDoorScenario,
  required,
} from "./scenario-checks.js";
import { SEED_ORDER_HAMBURGER, SEED_ORDER_TEA, seedGetFoodOrder } from "./seed-commands.js";

let orders: OrdersSystem;
let scenario: FrontDoorScenario;
let consumerVpceId: string;

beforeAll(async () => {
  orders = await startOrdersSystem({ inMemory: true });
  scenario = new FrontDoorScenario(orders);
  console.log(`orders-front-door: startRuntime took ${orders.startMs} ms`);
  const foodAdmin = required(orders.endpoints.accounts[ACCOUNTS.food], "the food administrator");
  const secret = await awsJson(orders.endpoints, foodAdmin, "secretsmanager", "GetSecretValue", {
    SecretId: SECRET_ARN,
  });
  expect(secret.status, JSON.stringify(secret.body)).toBe(200);
  consumerVpceId = String(secret.body.SecretString);
});

afterAll(async () => {
  await orders?.stop();
  if (orders !== undefined) rmSync(orders.dataDir, { recursive: true, force: true });
});

const today = () => new Date().toISOString().slice(0, 10);
const DENIED = ["food", "beverage", "internet"] as const;
const aliasOf = (service: Service) =>
  `${restApiId(service)}-${consumerVpceId}.execute-api.${REGION}.amazonaws.com`;

describe("1. the seed's curl commands, verbatim, from inside the consumer VPC", () => {
  it("orders tea and a hamburger, then reads the food order back by id, in the reference's shapes", async () => {
    const dayBefore = today();
    const tea = await curl(SEED_ORDER_TEA, { proxy: orders.proxies.consumer });
    const hamburger = await curl(SEED_ORDER_HAMBURGER, { proxy: orders.proxies.consumer });
    const dayAfter = today();
    const placed: Array<Record<string, unknown>> = [];
    for (const [result, service, option] of [
      [tea, "beverage", "tea"],
      [hamburger, "food", "hamburger"],
    ] as const) {
      expect(result.exitCode, result.error).toBe(0);
      expect(result.headers["content-type"]).toBe("application/json");
      const body = jsonOf(result) as { message: unknown; order: Record<string, unknown> };
      expect(Object.keys(body).sort()).toEqual(["message", "order"]);
      expect(body.message).toBe("successfully placed order!");
      expect(body.order.fullName).toBe("Max Mustermann");
      expect(body.order[service]).toBe(option);
      expect(body.order.orderId).toMatch(/^[0-9a-f]{32}$/);
      expect([dayBefore, dayAfter]).toContain(body.order.orderDate);
      scenario.expectPlaced(result, service);
      placed.push(body.order);
    }
    const [teaOrder, foodOrder] = placed;
    expect(foodOrder?.orderId).not.toBe(teaOrder?.orderId);

    const readBack = await curl(seedGetFoodOrder(String(foodOrder?.orderId)), {
      proxy: orders.proxies.consumer,
    });
    expect(readBack.status).toBe(200);
    expect(readBack.headers["content-type"]).toBe("application/json");
    expect(jsonOf(readBack)).toEqual(foodOrder);
    expect(scenario.invokedBy(readBack)).toBe("cross-account-microservices-food-get-order");
  });
});

describe("2. each microservice sees only its own orders", () => {
  it.each(SERVICES)("an order placed with %s is not found through the other service", async (service) => {
    const id = scenario.expectPlaced(await scenario.place(service), service);
    const byId = await scenario.get(serviceUrl(OTHER[service], `/v1/orders/${id}`));
    expect(byId.status).toBe(404);
    expect(byId.headers["content-type"]).toBe("application/json");
    const body = jsonOf(byId) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["message"]);
    expect(body.message).toContain(id);
    expect((await scenario.get(serviceUrl(service, `/v1/orders/${id}`))).status).toBe(200);
  });

  it.each(SERVICES)("the %s listing holds its own orders only", async (service) => {
    for (const query of ["?limit=1000", `?orderDate=${today()}&limit=1000`]) {
      const list = await scenario.get(serviceUrl(service, `/v1/orders${query}`));
      expect(list.status).toBe(200);
      const items = jsonOf(list) as Array<Record<string, unknown>>;
      expect(Array.isArray(items)).toBe(true);
      const ids = items.map((item) => item.orderId);
      expect(ids).toEqual(expect.arrayContaining(scenario.placed[service]));
      for (const foreign of scenario.placed[OTHER[service]]) expect(ids).not.toContain(foreign);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(["fullName", "orderDate", "orderId", service].sort());
      }
    }
  });
});

describe("3. no other way in reaches a function", () => {
  const cases = DENIED.flatMap((proxy) => SERVICES.map((service) => [proxy, service] as const));
  it.each(cases)(
    "through the %s entry point, %s's name does not resolve (CONNECT 502)",
    async (proxy, service) => {
      const through = orders.proxies[proxy];
      const id = scenario.placed[service][0] ?? "0123456789abcdef0123456789abcdef";
      for (const send of [
        () => scenario.place(service, [], through),
        () => scenario.get(serviceUrl(service, `/v1/orders/${id}`), through),
      ]) {
        expectConnectRefused(await scenario.withoutInvocation(send));
      }
    },
  );

  const everyProxy = (["consumer", ...DENIED] as const).flatMap((p) => SERVICES.map((s) => [p, s] as const));
  it.each(everyProxy)(
    "through the %s entry point, %s's own execute-api host answers 403 Forbidden (PRIVATE API, public name)",
    async (proxy, service) => {
      const url = `https://${executeApiHost(restApiId(service))}/v1/orders`;
      const result = await scenario.withoutInvocation(() =>
        scenario.place(service, [], orders.proxies[proxy], url),
      );
      expectGatewayAnswer(result, 403, FORBIDDEN, "ForbiddenException");
    },
  );

  it.each(SERVICES)(
    "the reconstructed REST API id of %s is right: as Host through the consumer's endpoint it reaches that API",
    async (service) => {
      const host = ["-H", `Host: ${executeApiHost(restApiId(service))}`];
      const result = await scenario.post(serviceUrl("food"), scenario.validBody(service), host);
      expect(result.status, result.body).toBe(200);
      expect(scenario.invokedBy(result)).toBe(`cross-account-microservices-${service}-post-order`);
    },
  );

  it("the load balancer's direct port is inside the consumer VPC: the seed's request works there", async () => {
    const lb = required(Object.values(orders.endpoints.loadBalancers)[0], "the consumer's load balancer");
    const direct = new URL(required(lb.listeners["443"], "its 443 listener"));
    const to = `food.cross-account-microservices.com:443:${direct.hostname}:${direct.port}`;
    const result = await curl([...SEED_ORDER_HAMBURGER, "--connect-to", to]);
    scenario.expectPlaced(result, "food");
  });

  it("the load balancer's own DNS name works from the consumer VPC (Host picks the service)", async () => {
    const lb = required(Object.values(orders.endpoints.loadBalancers)[0], "the consumer's load balancer");
    const host = ["-H", "Host: food.cross-account-microservices.com"];
    const result = await scenario.place(
      "food",
      host,
      orders.proxies.consumer,
      `https://${lb.dnsName}/v1/orders`,
    );
    scenario.expectPlaced(result, "food");
  });

  it.each(DENIED)(
    "the load balancer's DNS name is not reachable through the %s entry point",
    async (proxy) => {
      const lb = required(Object.values(orders.endpoints.loadBalancers)[0], "the consumer's load balancer");
      const extra = ["-H", "Host: food.cross-account-microservices.com"];
      const url = `https://${lb.dnsName}/v1/orders`;
      const result = await scenario.withoutInvocation(() =>
        scenario.place("food", extra, orders.proxies[proxy], url),
      );
      expectConnectRefused(result);
    },
  );

  it.each(SERVICES)(
    "from the consumer VPC, the {apiId}-{vpceId} alias AWS publishes for the associated endpoint reaches %s",
    async (service) => {
      const result = await scenario.place(
        service,
        [],
        orders.proxies.consumer,
        `https://${aliasOf(service)}/v1/orders`,
      );
      expect(result.error, "the alias should resolve to the consumer endpoint's addresses").toBe("");
      scenario.expectPlaced(result, service);
    },
  );

  it.each(DENIED)("the {apiId}-{vpceId} alias is not reachable through the %s entry point", async (proxy) => {
    const url = `https://${aliasOf("food")}/v1/orders?limit=1`;
    expectConnectRefused(await scenario.withoutInvocation(() => scenario.get(url, orders.proxies[proxy])));
  });
});

describe("4. answers of the gateway itself", () => {
  it.each([
    ["DELETE", "/v1/orders"],
    ["PUT", "/v1/orders"],
    ["PATCH", "/v1/orders"],
    ["PUT", "/v1/orders/0123456789abcdef0123456789abcdef"],
    ["DELETE", "/v1/orders/0123456789abcdef0123456789abcdef"],
    ["GET", "/v1/no-such-resource"],
  ])("%s %s → 403 Missing Authentication Token, no function runs", async (method, path) => {
    for (const service of SERVICES) {
      const result = await scenario.withoutInvocation(() =>
        curl(["-k", "-X", method, serviceUrl(service, path)], { proxy: orders.proxies.consumer }),
      );
      const body = '{"message":"Missing Authentication Token"}';
      expectGatewayAnswer(result, 403, body, "MissingAuthenticationTokenException");
    }
  });

  it("a path outside the v1 base path → 403 Forbidden", async () => {
    const result = await scenario.withoutInvocation(() => scenario.get(serviceUrl("food", "/orders")));
    expectGatewayAnswer(result, 403, FORBIDDEN, "ForbiddenException");
  });

  it.each(SERVICES)("an invalid %s body → 400 from the validator, no function runs", async (service) => {
    for (const body of [`{"fullName":"Ana","${service}":"sushi"}`, "not json", "[]"]) {
      const result = await scenario.withoutInvocation(() => scenario.post(serviceUrl(service), body));
      expectGatewayAnswer(result, 400, '{"message": "Invalid request body"}', "BadRequestException");
      expect(scenario.invokedBy(result)).toBeUndefined();
    }
  });
});

describe("malformed requests get a 4xx with a JSON message, never a 5xx", () => {
  const cases = SERVICES.flatMap((service) =>
    malformedRequests(service, OPTIONS[service][0] ?? "", OTHER[service]).map(
      (request) => [service, request.name, request] as const,
    ),
  );
  it.each(cases)("%s: %s", async (service, _name, request) => {
    const result = await curl(["-k", ...request.args(serviceUrl(service))], {
      proxy: orders.proxies.consumer,
      ...(request.input === undefined ? {} : { input: request.input }),
    });
    expect(result.status, result.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(result.status, result.body.slice(0, 300)).toBeLessThan(500);
    if (request.status !== undefined) expect(result.status).toBe(request.status);
    expect(result.headers["content-type"]).toBe("application/json");
    expect(typeof (jsonOf(result) as Record<string, unknown>).message).toBe("string");
  });
});

describe("5. spoofed headers change no decision", () => {
  const spoofs = () => [
    ...["-H", `x-amzn-vpce-id: ${consumerVpceId}`, "-H", "X-Forwarded-For: 192.168.2.10"],
    ...["-H", `x-apigw-api-id: ${restApiId("food")}`],
    ...[
      "--proxy-header",
      `x-amzn-vpce-id: ${consumerVpceId}`,
      "--proxy-header",
      "X-Forwarded-For: 192.168.2.10",
    ],
  ];

  it("from the consumer VPC, a foreign x-amzn-vpce-id and X-Forwarded-For still place the order", async () => {
    const foreign = ["-H", "x-amzn-vpce-id: vpce-0123456789abcdef0", "-H", "X-Forwarded-For: 203.0.113.9"];
    scenario.expectPlaced(await scenario.place("food", foreign), "food");
  });

  it.each(DENIED)(
    "through the %s entry point, the consumer's endpoint id in headers does not open the private names",
    async (proxy) => {
      const result = await scenario.withoutInvocation(() =>
        scenario.place("food", spoofs(), orders.proxies[proxy]),
      );
      expectConnectRefused(result);
    },
  );

  it.each(DENIED)(
    "through the %s entry point, the execute-api host with spoofed headers and Host stays 403",
    async (proxy) => {
      const url = `https://${executeApiHost(restApiId("food"))}/v1/orders`;
      for (const host of ["food.cross-account-microservices.com", executeApiHost(restApiId("food"))]) {
        const extra = [...spoofs(), "-H", `Host: ${host}`];
        const result = await scenario.withoutInvocation(() =>
          scenario.place("food", extra, orders.proxies[proxy], url),
        );
        expectGatewayAnswer(result, 403, FORBIDDEN, "ForbiddenException");
      }
    },
  );

  it("Host: beverage... on a connection to food... is a beverage request, as the ALB forwards every Host", async () => {
    const host = ["-H", "Host: beverage.cross-account-microservices.com"];
    const result = await scenario.post(serviceUrl("food"), scenario.validBody("beverage"), host);
    const id = scenario.expectPlaced(result, "beverage");
    expect((await scenario.get(serviceUrl("food", `/v1/orders/${id}`))).status).toBe(404);
  });

  it("a Host that is no API name → 403 Forbidden, no function runs", async () => {
    const result = await scenario.withoutInvocation(() =>
      scenario.place("food", ["-H", "Host: orders.example.com"]),
    );
    expectGatewayAnswer(result, 403, FORBIDDEN, "ForbiddenException");
  });
});
