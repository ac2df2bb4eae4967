import { describe, expect, it } from "vitest";
import { AccountmeshError } from "../../shared/errors.js";
import { ORDERS_CONTEXT, ordersConfigFromContext, validateOrdersConfig } from "./orders-config.js";

const fromMap = (m: Record<string, unknown>) => (key: string) => m[key];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AccountmeshError ? e.code : `not an AccountmeshError: ${String(e)}`;
  }
  return undefined;
}

describe("orders configuration", () => {
  it("has working defaults: three accounts, eu-central-1, the seed's options", () => {
    const c = ordersConfigFromContext(fromMap({}));
    expect(c.region).toBe("eu-central-1");
    expect(c.consumerAccount).toBe("111111111111");
    expect(c.applicationName).toBe("cross-account-microservices");
    expect(c.domainName).toBe("cross-account-microservices.com");
    expect(c.availabilityZones).toEqual(["eu-central-1a", "eu-central-1b"]);
    expect(c.microservices.map((m) => [m.name, m.account, m.orderOptions])).toEqual([
      ["food", "222222222222", ["pizza", "hamburger", "salat"]],
      ["beverage", "333333333333", ["tea", "coffee", "water"]],
    ]);
    expect(c.consumerCertificateArn).toBeUndefined();
  });

  it("takes accounts, region and certificates from CDK context", () => {
    const cert = "arn:aws:acm:us-east-1:444444444444:certificate/12345678-1234-1234-1234-123456789012";
    const c = ordersConfigFromContext(
      fromMap({
        [ORDERS_CONTEXT.region]: "us-east-1",
        [ORDERS_CONTEXT.consumerAccount]: "444444444444",
        [ORDERS_CONTEXT.account("food")]: "555555555555",
        [ORDERS_CONTEXT.consumerCertificateArn]: cert,
      }),
    );
    expect(c.region).toBe("us-east-1");
    expect(c.availabilityZones).toEqual(["us-east-1a", "us-east-1b"]);
    expect(c.consumerAccount).toBe("444444444444");
    expect(c.microservices[0]?.account).toBe("555555555555");
    expect(c.microservices[1]?.account).toBe("333333333333");
    expect(c.consumerCertificateArn).toBe(cert);
  });

  it("rejects bad values with a stable code and a message naming the setting and value", () => {
    expect(codeOf(() => ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.region]: "Frankfurt" })))).toBe(
      "INVALID_REGION",
    );
    expect(codeOf(() => ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.consumerAccount]: "1234" })))).toBe(
      "INVALID_ACCOUNT_ID",
    );
    expect(
      codeOf(() =>
        ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.certificateArn("food")]: "not-an-arn" })),
      ),
    ).toBe("INVALID_CERTIFICATE_ARN");
    try {
      ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.consumerAccount]: "1234" }));
    } catch (e) {
      expect((e as Error).message).toContain("accountmesh:orders:consumerAccount");
      expect((e as Error).message).toContain('"1234"');
    }
  });

  it("gives each microservice its own account", () => {
    const error = (() => {
      try {
        ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.account("beverage")]: "222222222222" }));
      } catch (e) {
        return e as AccountmeshError;
      }
      return undefined;
    })();
    expect(error?.code).toBe("SHARED_ACCOUNT");
    expect(error?.message).toContain('microservice "food"');
    expect(error?.message).toContain("accountmesh:orders:beverageAccount");
    expect(
      codeOf(() => ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.account("food")]: "111111111111" }))),
    ).toBe("SHARED_ACCOUNT");
  });

  it("validates service names and order options", () => {
    const base = ordersConfigFromContext(fromMap({}));
    const withService = (m: { name: string; orderOptions: string[] }) => () =>
      validateOrdersConfig({ ...base, microservices: [{ account: "999999999999", ...m }] });
    expect(codeOf(withService({ name: "Food", orderOptions: ["x"] }))).toBe("INVALID_SERVICE_NAME");
    expect(codeOf(withService({ name: "food", orderOptions: [] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(codeOf(withService({ name: "food", orderOptions: ["a", "a"] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(codeOf(withService({ name: "food", orderOptions: ["a,b"] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(codeOf(() => validateOrdersConfig({ ...base, microservices: [] }))).toBe("NO_MICROSERVICES");
    expect(codeOf(withService({ name: "food", orderOptions: ["pizza"] }))).toBeUndefined();
  });
});
