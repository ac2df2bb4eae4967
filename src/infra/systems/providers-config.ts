import { assertAccountId, assertRegion, isPlaceholderAccount } from "../../shared/account.js";
import { type DeployTarget, deployTargetOf, type EnvironmentReader } from "../../shared/deploy-target.js";
import { AccountmeshError } from "../../shared/errors.js";

/** The typed configuration of the providers system (seed 003), with working defaults. */
export interface ProvidersSystemConfig {
  /** One region for all three accounts (interface endpoints do not cross regions in the seed). */
  readonly region: string;
  /** The global HTTP API's account (the seed's consumer, 111111111111). */
  readonly globalAccount: string;
  /** The dog names provider (ECS Fargate; the seed's 222222222222). */
  readonly dogNamesAccount: string;
  /** The todo provider (EC2 Auto Scaling; the seed's 333333333333). */
  readonly todoAccount: string;
  /** Explicit AZs: synth never looks anything up. */
  readonly availabilityZones: readonly string[];
  readonly deployTarget: DeployTarget;
}

/** Placeholders (a pair of digits six times): a deploy with them is refused. The seed's region. */
export const PROVIDERS_DEFAULTS = {
  region: "us-west-2",
  globalAccount: "151515151515",
  dogNamesAccount: "161616161616",
  todoAccount: "171717171717",
} as const;

/** CDK context keys that override the defaults (`-c accountmesh:providers:globalAccount=...`). */
export const PROVIDERS_CONTEXT = {
  region: "accountmesh:providers:region",
  globalAccount: "accountmesh:providers:globalAccount",
  dogNamesAccount: "accountmesh:providers:dogNamesAccount",
  todoAccount: "accountmesh:providers:todoAccount",
} as const;

/**
 * Builds the configuration from CDK context, validating every value eagerly: three distinct accounts
 * (one account cannot hold both providers in the seed; here each provider has its own), a region; a
 * deploy to AWS (see deploy-target.ts) is refused while any account is a placeholder.
 */
export function providersConfigFromContext(
  read: (key: string) => unknown,
  env: EnvironmentReader = {},
): ProvidersSystemConfig {
  const str = (key: string): string | undefined => {
    const value = read(key);
    return value === undefined || value === null || value === "" ? undefined : String(value);
  };
  const region = assertRegion(
    str(PROVIDERS_CONTEXT.region) ?? PROVIDERS_DEFAULTS.region,
    PROVIDERS_CONTEXT.region,
  );
  const account = (key: "globalAccount" | "dogNamesAccount" | "todoAccount") =>
    assertAccountId(str(PROVIDERS_CONTEXT[key]) ?? PROVIDERS_DEFAULTS[key], PROVIDERS_CONTEXT[key]);
  const config: ProvidersSystemConfig = {
    region,
    globalAccount: account("globalAccount"),
    dogNamesAccount: account("dogNamesAccount"),
    todoAccount: account("todoAccount"),
    availabilityZones: [`${region}a`, `${region}b`],
    deployTarget: deployTargetOf(read, env),
  };
  const accounts = [config.globalAccount, config.dogNamesAccount, config.todoAccount];
  if (new Set(accounts).size !== accounts.length) {
    throw new AccountmeshError(
      "SHARED_ACCOUNT",
      `The providers system needs three distinct accounts (global API, dog names, todo); received ${accounts.join(", ")}. Set ${Object.values(PROVIDERS_CONTEXT).slice(1).join(", ")}.`,
      { accounts },
    );
  }
  if (config.deployTarget.kind === "aws") {
    const placeholders = (["globalAccount", "dogNamesAccount", "todoAccount"] as const).filter((key) =>
      isPlaceholderAccount(config[key]),
    );
    if (placeholders.length > 0) {
      throw new AccountmeshError(
        "PLACEHOLDER_ACCOUNTS",
        `A deploy to AWS (${config.deployTarget.detectedBy}) cannot use placeholder accounts: set ${placeholders.map((key) => `${PROVIDERS_CONTEXT[key]} (now ${config[key]})`).join(", ")}.`,
        { keys: placeholders.map((key) => PROVIDERS_CONTEXT[key]) },
      );
    }
  }
  return config;
}
