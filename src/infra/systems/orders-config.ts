import { assertAccountId, assertRegion } from "../../shared/account.js";
import { AccountmeshError } from "../../shared/errors.js";

/** One microservice of the orders system: its account and the options a client may order. */
export interface MicroserviceSpec {
  /** Service name; also the DNS label (`<name>.<domain>`) and the order body's field name. */
  readonly name: string;
  /** The AWS account the microservice is deployed to (its own, never the consumer's). */
  readonly account: string;
  /** The values a client may order, exact and case-sensitive. */
  readonly orderOptions: readonly string[];
  /**
   * ACM certificate (in the microservice account and region) for `<name>.<domain>`.
   * @default a self-signed test certificate created at deploy time
   */
  readonly certificateArn?: string;
}

/** The typed configuration of the orders system, with working defaults. */
export interface OrdersSystemConfig {
  readonly applicationName: string;
  readonly region: string;
  readonly consumerAccount: string;
  /** The private hosted zone (`<applicationName>.com`, as the seed). */
  readonly domainName: string;
  /** Explicit AZs: synth never looks anything up. */
  readonly availabilityZones: readonly string[];
  readonly microservices: readonly MicroserviceSpec[];
  /**
   * ACM certificate (consumer account) for `*.<domain>` on the internal ALB.
   * @default a self-signed test certificate created at deploy time
   */
  readonly consumerCertificateArn?: string;
}

export const ORDERS_DEFAULTS = {
  applicationName: "cross-account-microservices",
  region: "eu-central-1",
  consumerAccount: "111111111111",
  microservices: [
    { name: "food", account: "222222222222", orderOptions: ["pizza", "hamburger", "salat"] },
    { name: "beverage", account: "333333333333", orderOptions: ["tea", "coffee", "water"] },
  ],
} as const;

/** CDK context keys that override the defaults (`cdk synth -c accountmesh:orders:region=us-east-1`). */
export const ORDERS_CONTEXT = {
  region: "accountmesh:orders:region",
  consumerAccount: "accountmesh:orders:consumerAccount",
  consumerCertificateArn: "accountmesh:orders:consumerCertificateArn",
  /** `accountmesh:orders:<service>Account`, e.g. `accountmesh:orders:foodAccount`. */
  account: (service: string) => `accountmesh:orders:${service}Account`,
  /** `accountmesh:orders:<service>CertificateArn`. */
  certificateArn: (service: string) => `accountmesh:orders:${service}CertificateArn`,
} as const;

const SERVICE_NAME = /^[a-z][a-z0-9]{0,30}$/;
const OPTION = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

export type ContextReader = (key: string) => unknown;

/** Builds the configuration from CDK context (or any reader), validating every value eagerly. */
export function ordersConfigFromContext(read: ContextReader): OrdersSystemConfig {
  const str = (key: string): string | undefined => {
    const v = read(key);
    return v === undefined || v === null || v === "" ? undefined : String(v);
  };
  const region = assertRegion(str(ORDERS_CONTEXT.region) ?? ORDERS_DEFAULTS.region, ORDERS_CONTEXT.region);
  const consumerAccount = assertAccountId(
    str(ORDERS_CONTEXT.consumerAccount) ?? ORDERS_DEFAULTS.consumerAccount,
    ORDERS_CONTEXT.consumerAccount,
  );
  const microservices = ORDERS_DEFAULTS.microservices.map((m) => ({
    name: m.name,
    account: assertAccountId(
      str(ORDERS_CONTEXT.account(m.name)) ?? m.account,
      ORDERS_CONTEXT.account(m.name),
    ),
    orderOptions: [...m.orderOptions],
    certificateArn: optionalAcmArn(
      str(ORDERS_CONTEXT.certificateArn(m.name)),
      ORDERS_CONTEXT.certificateArn(m.name),
    ),
  }));
  return validateOrdersConfig({
    applicationName: ORDERS_DEFAULTS.applicationName,
    region,
    consumerAccount,
    domainName: `${ORDERS_DEFAULTS.applicationName}.com`,
    availabilityZones: [`${region}a`, `${region}b`],
    microservices,
    consumerCertificateArn: optionalAcmArn(
      str(ORDERS_CONTEXT.consumerCertificateArn),
      ORDERS_CONTEXT.consumerCertificateArn,
    ),
  });
}

/** Checks the invariants the stacks rely on; returns the config unchanged. */
export function validateOrdersConfig(config: OrdersSystemConfig): OrdersSystemConfig {
  if (config.microservices.length === 0) {
    throw new AccountmeshError("NO_MICROSERVICES", "The orders system needs at least one microservice.");
  }
  const accounts = new Map<string, string>([[config.consumerAccount, "the consumer"]]);
  for (const m of config.microservices) {
    if (!SERVICE_NAME.test(m.name)) {
      throw new AccountmeshError(
        "INVALID_SERVICE_NAME",
        `Microservice name must be lowercase letters and digits, starting with a letter (it becomes a DNS label and a JSON field); received ${JSON.stringify(m.name)}.`,
        { value: m.name },
      );
    }
    const owner = accounts.get(m.account);
    if (owner !== undefined) {
      throw new AccountmeshError(
        "SHARED_ACCOUNT",
        `Microservice "${m.name}" is configured for account ${m.account}, which already belongs to ${owner}. Each microservice gets its own account: set ${ORDERS_CONTEXT.account(m.name)}.`,
        { service: m.name, account: m.account },
      );
    }
    accounts.set(m.account, `microservice "${m.name}"`);
    if (m.orderOptions.length === 0 || new Set(m.orderOptions).size !== m.orderOptions.length) {
      throw new AccountmeshError(
        "INVALID_ORDER_OPTIONS",
        `Microservice "${m.name}" needs a non-empty list of distinct order options; received ${JSON.stringify(m.orderOptions)}.`,
        { service: m.name },
      );
    }
    const bad = m.orderOptions.find((o) => !OPTION.test(o) || o.includes(","));
    if (bad !== undefined) {
      throw new AccountmeshError(
        "INVALID_ORDER_OPTIONS",
        `Order option ${JSON.stringify(bad)} of "${m.name}" must be 1-63 letters, digits, spaces, "_" or "-".`,
        { service: m.name, value: bad },
      );
    }
  }
  return config;
}

function optionalAcmArn(value: string | undefined, what: string): string | undefined {
  if (value !== undefined && !ACM_ARN.test(value)) {
    throw new AccountmeshError(
      "INVALID_CERTIFICATE_ARN",
      `${what} must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>); received ${JSON.stringify(value)}.`,
      { what, value },
    );
  }
  return value;
}
