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

/** Real-looking accounts and certificates for a deploy (none of them is a placeholder). */
const REAL = {
  consumer: "210987654321",
  food: "310987654321",
  beverage: "410987654321",
} as const;
const certOf = (account: string, region = "eu-central-1") =>
  `arn:aws:acm:${region}:${account}:certificate/12345678-1234-1234-1234-123456789012`;
const DEPLOYABLE = {
  [ORDERS_CONTEXT.consumerAccount]: REAL.consumer,
  [ORDERS_CONTEXT.account("food")]: REAL.food,
  [ORDERS_CONTEXT.account("beverage")]: REAL.beverage,
  [ORDERS_CONTEXT.domainName]: "orders.example.com",
  [ORDERS_CONTEXT.certificateArn("food")]: certOf(REAL.food),
  [ORDERS_CONTEXT.certificateArn("beverage")]: certOf(REAL.beverage),
};
const DEPLOYING = { CDK_DEFAULT_ACCOUNT: REAL.consumer };

function errorOf(fn: () => unknown): AccountmeshError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AccountmeshError) return e;
    throw e;
  }
  throw new Error("expected an AccountmeshError, got none");
}

describe("orders configuration: the domain", () => {
  it("is the seed's by default and comes from context accountmesh:orders:domainName", () => {
    expect(ordersConfigFromContext(fromMap({})).domainName).toBe("cross-account-microservices.com");
    const c = ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.domainName]: "orders.example.com" }));
    expect(c.domainName).toBe("orders.example.com");
  });

  it("must be a lower-case DNS name of two labels or more, short enough for <service>.<domain>", () => {
    for (const bad of [
      "Orders.Example.com",
      "localhost",
      "orders.example.com.",
      "-a.example.com",
      "a..b.com",
    ]) {
      const error = errorOf(() => ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.domainName]: bad })));
      expect(error.code, bad).toBe("INVALID_DOMAIN_NAME");
      expect(error.message).toContain("accountmesh:orders:domainName");
    }
    const long = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.com`;
    expect(errorOf(() => ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.domainName]: long }))).code).toBe(
      "INVALID_DOMAIN_NAME",
    );
  });
});

describe("orders configuration: certificates", () => {
  it("must be in the account and region that use them (ACM certificates are regional, per account)", () => {
    const inConsumer = errorOf(() =>
      ordersConfigFromContext(fromMap({ [ORDERS_CONTEXT.certificateArn("food")]: certOf("111111111111") })),
    );
    expect(inConsumer.code).toBe("INVALID_CERTIFICATE_ARN");
    expect(inConsumer.message).toContain("account 222222222222, region eu-central-1");
    const otherRegion = errorOf(() =>
      ordersConfigFromContext(
        fromMap({ [ORDERS_CONTEXT.consumerCertificateArn]: certOf("111111111111", "us-east-1") }),
      ),
    );
    expect(otherRegion.code).toBe("INVALID_CERTIFICATE_ARN");
    expect(otherRegion.message).toContain("accountmesh:orders:consumerCertificateArn");
    const fine = ordersConfigFromContext(
      fromMap({ [ORDERS_CONTEXT.certificateArn("food")]: certOf("222222222222") }),
    );
    expect(fine.microservices[0]?.certificateArn).toBe(certOf("222222222222"));
  });
});

describe("orders configuration: a deploy to AWS", () => {
  it("keeps the defaults offline: no credentials (no CDK_DEFAULT_ACCOUNT) means a local synth", () => {
    const c = ordersConfigFromContext(fromMap({}), {});
    expect(c.deployTarget).toEqual({ kind: "local" });
    expect(c.consumerAccount).toBe("111111111111");
    expect(
      ordersConfigFromContext(fromMap({ "accountmesh:target": "local" }), DEPLOYING).deployTarget,
    ).toEqual({
      kind: "local",
    });
  });

  it("stops with the defaults, naming every context key to set and why", () => {
    const error = errorOf(() => ordersConfigFromContext(fromMap({}), DEPLOYING));
    expect(error.code).toBe("PLACEHOLDER_ACCOUNTS");
    expect(error.details.codes).toEqual([
      "PLACEHOLDER_ACCOUNTS",
      "SEED_DOMAIN_NAME",
      "SELF_SIGNED_API_CERTIFICATE",
    ]);
    for (const text of [
      "the AWS credentials resolve account 210987654321 (CDK_DEFAULT_ACCOUNT)",
      "MalformedPolicyDocument",
      "accountmesh:orders:consumerAccount (now 111111111111)",
      "accountmesh:orders:foodAccount (now 222222222222)",
      "accountmesh:orders:beverageAccount (now 333333333333)",
      "accountmesh:orders:domainName",
      "accountmesh:orders:foodCertificateArn",
      "accountmesh:orders:beverageCertificateArn",
      "-c accountmesh:target=local",
    ]) {
      expect(error.message).toContain(text);
    }
    expect(error.message).not.toContain("consumerCertificateArn");
  });

  it("names only the placeholders left, and then the seed's domain", () => {
    const oneLeft = errorOf(() =>
      ordersConfigFromContext(
        fromMap({
          ...DEPLOYABLE,
          [ORDERS_CONTEXT.account("food")]: "222222222222",
          [ORDERS_CONTEXT.certificateArn("food")]: undefined,
        }),
        DEPLOYING,
      ),
    );
    expect(oneLeft.code).toBe("PLACEHOLDER_ACCOUNTS");
    expect(oneLeft.message).toContain("accountmesh:orders:foodAccount");
    expect(oneLeft.message).not.toContain("consumerAccount");
    expect(oneLeft.details.codes).toEqual(["PLACEHOLDER_ACCOUNTS", "SELF_SIGNED_API_CERTIFICATE"]);
    const seedDomain = errorOf(() =>
      ordersConfigFromContext(
        fromMap({ ...DEPLOYABLE, [ORDERS_CONTEXT.domainName]: "cross-account-microservices.com" }),
        DEPLOYING,
      ),
    );
    expect(seedDomain.code).toBe("SEED_DOMAIN_NAME");
    expect(seedDomain.message).toContain("unique per Region across all AWS accounts");
  });

  it("refuses a self-signed certificate on an API Gateway domain, but lets the ALB keep one", () => {
    const error = errorOf(() =>
      ordersConfigFromContext(
        fromMap({ ...DEPLOYABLE, [ORDERS_CONTEXT.certificateArn("beverage")]: undefined }),
        DEPLOYING,
      ),
    );
    expect(error.code).toBe("SELF_SIGNED_API_CERTIFICATE");
    expect(error.message).toContain(
      `accountmesh:orders:beverageCertificateArn (for beverage.orders.example.com, in account ${REAL.beverage}, eu-central-1)`,
    );
    expect(error.message).not.toContain("foodCertificateArn");
    const c = ordersConfigFromContext(fromMap(DEPLOYABLE), DEPLOYING);
    expect(c.deployTarget.kind).toBe("aws");
    expect(c.consumerCertificateArn).toBeUndefined();
  });

  it("is checked without credentials too, with context accountmesh:target=aws", () => {
    expect(errorOf(() => ordersConfigFromContext(fromMap({ "accountmesh:target": "aws" }), {})).code).toBe(
      "PLACEHOLDER_ACCOUNTS",
    );
    expect(
      ordersConfigFromContext(fromMap({ ...DEPLOYABLE, "accountmesh:target": "aws" }), {}).deployTarget,
    ).toEqual({ kind: "aws", detectedBy: "context accountmesh:target=aws" });
  });
});
