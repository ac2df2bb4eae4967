import { assertAccountId, assertRegion, isPlaceholderAccount } from "../../shared/account.js";
import {
  DEPLOY_TARGET_CONTEXT,
  type DeployTarget,
  deployTargetOf,
  type EnvironmentReader,
} from "../../shared/deploy-target.js";
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
   * ACM certificate (in the microservice account and region) for `<name>.<domain>`, issued by a
   * publicly trusted CA: API Gateway custom domains need one. Required for a deploy to AWS.
   * @default a self-signed test certificate created at deploy time (local runs only)
   */
  readonly certificateArn?: string;
}

/** The typed configuration of the orders system, with working defaults. */
export interface OrdersSystemConfig {
  readonly applicationName: string;
  readonly region: string;
  readonly consumerAccount: string;
  /**
   * The private hosted zone in the consumer VPC and the parent of every API custom domain
   * (`<service>.<domainName>`). Regional custom domain names are unique per Region across all AWS
   * accounts: a deploy needs a domain you control. @default the seed's `cross-account-microservices.com`
   */
  readonly domainName: string;
  /** Explicit AZs: synth never looks anything up. */
  readonly availabilityZones: readonly string[];
  readonly microservices: readonly MicroserviceSpec[];
  /**
   * ACM certificate (consumer account) for `*.<domain>` on the internal ALB.
   * @default a self-signed test certificate created at deploy time
   */
  readonly consumerCertificateArn?: string;
  /** What this synth is for; a deploy to AWS must not rely on anything that only works locally. */
  readonly deployTarget: DeployTarget;
}

export const ORDERS_DEFAULTS = {
  applicationName: "cross-account-microservices",
  region: "eu-central-1",
  consumerAccount: "111111111111",
  /** The seed blog's own names: only ever a local default. */
  domainName: "cross-account-microservices.com",
  microservices: [
    { name: "food", account: "222222222222", orderOptions: ["pizza", "hamburger", "salat"] },
    { name: "beverage", account: "333333333333", orderOptions: ["tea", "coffee", "water"] },
  ],
} as const;

/** CDK context keys that override the defaults (`cdk synth -c accountmesh:orders:region=us-east-1`). */
export const ORDERS_CONTEXT = {
  region: "accountmesh:orders:region",
  consumerAccount: "accountmesh:orders:consumerAccount",
  domainName: "accountmesh:orders:domainName",
  consumerCertificateArn: "accountmesh:orders:consumerCertificateArn",
  /** `accountmesh:orders:<service>Account`, e.g. `accountmesh:orders:foodAccount`. */
  account: (service: string) => `accountmesh:orders:${service}Account`,
  /** `accountmesh:orders:<service>CertificateArn`. */
  certificateArn: (service: string) => `accountmesh:orders:${service}CertificateArn`,
} as const;

const SERVICE_NAME = /^[a-z][a-z0-9]{0,30}$/;
const OPTION = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;
/** Lower-case DNS labels (1-63 letters, digits, inner hyphens), at least two, alphabetic TLD. */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type ContextReader = (key: string) => unknown;

/**
 * Builds the configuration from CDK context (or any reader), validating every value eagerly. `env`
 * tells a deploy from a local synth (`CDK_DEFAULT_ACCOUNT`, see deploy-target.ts).
 */
export function ordersConfigFromContext(
  read: ContextReader,
  env: EnvironmentReader = {},
): OrdersSystemConfig {
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
    domainName: str(ORDERS_CONTEXT.domainName) ?? ORDERS_DEFAULTS.domainName,
    availabilityZones: [`${region}a`, `${region}b`],
    microservices,
    consumerCertificateArn: optionalAcmArn(
      str(ORDERS_CONTEXT.consumerCertificateArn),
      ORDERS_CONTEXT.consumerCertificateArn,
    ),
    deployTarget: deployTargetOf(read, env),
  });
}

/** Checks the invariants the stacks rely on; returns the config unchanged. */
export function validateOrdersConfig(config: OrdersSystemConfig): OrdersSystemConfig {
  validateDomainName(config);
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
    certificateBelongsTo(m.certificateArn, ORDERS_CONTEXT.certificateArn(m.name), m.account, config.region);
  }
  certificateBelongsTo(
    config.consumerCertificateArn,
    ORDERS_CONTEXT.consumerCertificateArn,
    config.consumerAccount,
    config.region,
  );
  if (config.deployTarget.kind === "aws") assertDeployable(config, config.deployTarget.detectedBy);
  return config;
}

/**
 * A deploy to AWS stops here, before CloudFormation, if it would rely on what only works locally:
 * placeholder accounts (IAM rejects key, secret and trust policies naming accounts that do not
 * exist: MalformedPolicyDocument), the seed's domain (regional custom domain names are unique per
 * Region across all AWS accounts) or a self-signed certificate on an API Gateway custom domain (API
 * Gateway needs one from a publicly trusted CA; the internal ALB may keep its self-signed one).
 * The error's code names the first problem; its message lists every context key still to set.
 */
function assertDeployable(config: OrdersSystemConfig, detectedBy: string): void {
  const problems: { code: string; text: string }[] = [];
  const accounts: [key: string, account: string][] = [
    [ORDERS_CONTEXT.consumerAccount, config.consumerAccount],
    ...config.microservices.map((m): [string, string] => [ORDERS_CONTEXT.account(m.name), m.account]),
  ];
  const placeholders = accounts.filter(([, account]) => isPlaceholderAccount(account));
  if (placeholders.length > 0) {
    problems.push({
      code: "PLACEHOLDER_ACCOUNTS",
      text: `placeholder accounts, which IAM rejects in the key, secret and trust policies (MalformedPolicyDocument): set ${placeholders.map(([key, account]) => `${key} (now ${account})`).join(", ")}`,
    });
  }
  if (config.domainName === ORDERS_DEFAULTS.domainName) {
    problems.push({
      code: "SEED_DOMAIN_NAME",
      text: `the seed blog's own domain, <service>.${config.domainName} (regional custom domain names are unique per Region across all AWS accounts): set ${ORDERS_CONTEXT.domainName} to a domain you control`,
    });
  }
  const selfSigned = config.microservices.filter((m) => m.certificateArn === undefined);
  if (selfSigned.length > 0) {
    problems.push({
      code: "SELF_SIGNED_API_CERTIFICATE",
      text: `self-signed test certificates on API Gateway custom domains, which need an ACM certificate from a publicly trusted CA (the internal ALB may keep its self-signed one): set ${selfSigned.map((m) => `${ORDERS_CONTEXT.certificateArn(m.name)} (for ${m.name}.${config.domainName}, in account ${m.account}, ${config.region})`).join(", ")}`,
    });
  }
  const [first] = problems;
  if (first === undefined) return;
  throw new AccountmeshError(
    first.code,
    [
      `This synth is for a deploy to AWS: ${detectedBy}. The configuration still relies on what works only locally:`,
      ...problems.map((p) => `  - ${p.text}`),
      `Set them in cdk.json "context" or with -c key=value. For a local run instead, synthesize without AWS credentials or pass -c ${DEPLOY_TARGET_CONTEXT}=local.`,
    ].join("\n"),
    { codes: problems.map((p) => p.code), detectedBy },
  );
}

function validateDomainName(config: OrdersSystemConfig): void {
  const longest = Math.max(0, ...config.microservices.map((m) => m.name.length));
  if (!DOMAIN.test(config.domainName) || longest + 1 + config.domainName.length > 253) {
    throw new AccountmeshError(
      "INVALID_DOMAIN_NAME",
      `${ORDERS_CONTEXT.domainName} must be a lower-case DNS name such as "orders.example.com" (at least two labels, no trailing dot; <service>.<domain> at most 253 characters); received ${JSON.stringify(config.domainName)}.`,
      { value: config.domainName },
    );
  }
}

/** ACM certificates are regional and serve only their own account's load balancers and domains. */
function certificateBelongsTo(arn: string | undefined, what: string, account: string, region: string): void {
  const match = arn === undefined ? undefined : ACM_ARN.exec(arn);
  if (match !== undefined && match !== null && (match[1] !== region || match[2] !== account)) {
    throw new AccountmeshError(
      "INVALID_CERTIFICATE_ARN",
      `${what} must name a certificate in account ${account}, region ${region} (ACM certificates are regional and used only by their own account); received ${JSON.stringify(arn)}.`,
      { what, value: arn, account, region },
    );
  }
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
