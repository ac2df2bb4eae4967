// Requests and checks the front-door scenarios share: placing an order, telling whether a request
// reached a function, and the exact answers of a refusing proxy and of API Gateway itself.
import { expect } from "vitest";
import { type CurlResult, curl, jsonOf } from "../support/curl.js";
import { OPTIONS, type OrdersSystem, type Service, serviceUrl } from "../support/orders-system.js";

export const JSON_TYPE: readonly string[] = ["-H", "Content-Type: application/json"];
export const FORBIDDEN = '{"message":"Forbidden"}';

export function orderBody(service: Service, fullName: string, option: string): string {
  return JSON.stringify({ fullName, [service]: option });
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the scenario needs ${what}`);
  return value;
}

export class FrontDoorScenario {
  /** Ids of the orders placed so far, per service. */
  readonly placed: Record<Service, string[]> = { food: [], beverage: [] };

  constructor(private readonly orders: OrdersSystem) {}

  /** `curl -k -X POST <url> -H 'Content-Type: application/json' -d <body> <extra>` through `proxy`. */
  post(url: string, body: string, extra: readonly string[] = [], proxy = this.orders.proxies.consumer) {
    return curl(["-k", "-X", "POST", url, ...JSON_TYPE, "-d", body, ...extra], { proxy });
  }

  /** `curl -k <url>` through `proxy`. */
  get(url: string, proxy = this.orders.proxies.consumer) {
    return curl(["-k", url], { proxy });
  }

  /** POSTs a valid order for `service` to `url` (default: its name in the consumer's private zone). */
  place(service: Service, extra: readonly string[] = [], proxy = this.orders.proxies.consumer, url?: string) {
    return this.post(url ?? serviceUrl(service), this.validBody(service), extra, proxy);
  }

  validBody(service: Service, fullName = "Ana"): string {
    return orderBody(service, fullName, required(OPTIONS[service][0], `an option of ${service}`));
  }

  /** A 200 with a new order of `service`, placed by that service's post-order function; its id. */
  expectPlaced(result: CurlResult, service: Service): string {
    expect(result.status, result.body).toBe(200);
    const { order } = jsonOf(result) as { order: Record<string, string> };
    expect(Object.keys(order).sort()).toEqual(["fullName", "orderDate", "orderId", service].sort());
    const id = required(order.orderId, "an orderId");
    this.placed[service].push(id);
    expect(this.invokedBy(result)).toBe(`cross-account-microservices-${service}-post-order`);
    return id;
  }

  /** The function API Gateway invoked for this response (by its x-amzn-requestid), if any. */
  invokedBy(result: CurlResult): string | undefined {
    return this.orders.invokedFunction(required(result.headers["x-amzn-requestid"], "x-amzn-requestid"));
  }

  /** Sends a request that must not reach any function, and checks that none started. */
  async withoutInvocation(send: () => Promise<CurlResult>): Promise<CurlResult> {
    const before = this.orders.invocations();
    const result = await send();
    expect(this.orders.invocations(), `a function ran for: ${result.status} ${result.body}`).toBe(before);
    return result;
  }
}

/** The entry point refused the CONNECT: the name does not resolve (or is unreachable) from there. */
export function expectConnectRefused(result: CurlResult): void {
  expect(result.exitCode).toBe(56);
  expect(result.connectStatus).toBe(502);
  expect(result.status).toBe(0);
  expect(result.error).toContain("CONNECT tunnel failed, response 502");
}

/** An answer of API Gateway itself: exact body, JSON, and its x-amzn-ErrorType. */
export function expectGatewayAnswer(
  result: CurlResult,
  status: number,
  body: string,
  errorType: string,
): void {
  expect(result.connectStatus).toBe(200);
  expect(result.status).toBe(status);
  expect(result.body).toBe(body);
  expect(result.headers["content-type"]).toBe("application/json");
  expect(result.headers["x-amzn-errortype"]).toBe(errorType);
}
