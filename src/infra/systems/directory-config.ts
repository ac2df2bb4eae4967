import { assertAccountId, assertRegion, isPlaceholderAccount } from "../../shared/account.js";
import {
  DEPLOY_TARGET_CONTEXT,
  type DeployTarget,
  deployTargetOf,
  type EnvironmentReader,
} from "../../shared/deploy-target.js";
import { AccountmeshError } from "../../shared/errors.js";
import type { ContextReader } from "./orders-config.js";

/** The two client colours of seed 004: each its own account, network and query value. */
export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];

/** The typed configuration of the directory system (seed 004), with working defaults. */
export interface DirectorySystemConfig {
  /** The seed's region (its Pulumi.yaml default). */
  readonly region: string;
  /** Owns the service networks, the directory service and the two "local peer" VPCs. */
  readonly sharedServicesAccount: string;
  readonly accounts: Readonly<Record<Colour, string>>;
  /** Explicit AZs: synth never looks anything up. */
  readonly availabilityZones: readonly string[];
  readonly deployTarget: DeployTarget;
}

export const DIRECTORY_DEFAULTS = {
  region: "us-east-1",
  sharedServicesAccount: "121212121212",
  accounts: { blue: "131313131313", green: "141414141414" },
} as const;

/** CDK context keys that override the defaults (`-c accountmesh:directory:blueAccount=...`). */
export const DIRECTORY_CONTEXT = {
  region: "accountmesh:directory:region",
  sharedServicesAccount: "accountmesh:directory:sharedServicesAccount",
  account: (colour: Colour) => `accountmesh:directory:${colour}Account`,
} as const;

/** Builds the configuration from CDK context, validating every value eagerly. */
export function directoryConfigFromContext(
  read: ContextReader,
  env: EnvironmentReader = {},
): DirectorySystemConfig {
  const str = (key: string): string | undefined => {
    const v = read(key);
    return v === undefined || v === null || v === "" ? undefined : String(v);
  };
  const region = assertRegion(
    str(DIRECTORY_CONTEXT.region) ?? DIRECTORY_DEFAULTS.region,
    DIRECTORY_CONTEXT.region,
  );
  const sharedServicesAccount = assertAccountId(
    str(DIRECTORY_CONTEXT.sharedServicesAccount) ?? DIRECTORY_DEFAULTS.sharedServicesAccount,
    DIRECTORY_CONTEXT.sharedServicesAccount,
  );
  const account = (colour: Colour) =>
    assertAccountId(
      str(DIRECTORY_CONTEXT.account(colour)) ?? DIRECTORY_DEFAULTS.accounts[colour],
      DIRECTORY_CONTEXT.account(colour),
    );
  return validateDirectoryConfig({
    region,
    sharedServicesAccount,
    accounts: { blue: account("blue"), green: account("green") },
    availabilityZones: [`${region}a`, `${region}b`],
    deployTarget: deployTargetOf(read, env),
  });
}

/** Three distinct accounts (the auth policy tells them apart by VPC owner); real ones for a deploy. */
export function validateDirectoryConfig(config: DirectorySystemConfig): DirectorySystemConfig {
  const all: [string, string][] = [
    [DIRECTORY_CONTEXT.sharedServicesAccount, config.sharedServicesAccount],
    ...COLOURS.map((c): [string, string] => [DIRECTORY_CONTEXT.account(c), config.accounts[c]]),
  ];
  const seen = new Map<string, string>();
  for (const [key, account] of all) {
    const other = seen.get(account);
    if (other !== undefined) {
      throw new AccountmeshError(
        "SHARED_ACCOUNT",
        `${key} and ${other} are both ${account}; the directory system needs three distinct accounts (its auth policy tells clients apart by the account that owns their VPC).`,
        { account },
      );
    }
    seen.set(account, key);
  }
  if (config.deployTarget.kind === "aws") {
    const placeholders = all.filter(([, account]) => isPlaceholderAccount(account));
    if (placeholders.length > 0) {
      throw new AccountmeshError(
        "PLACEHOLDER_ACCOUNTS",
        `This synth is for a deploy to AWS: ${config.deployTarget.detectedBy}. The directory system still uses placeholder accounts, which RAM and the auth policy cannot name: set ${placeholders.map(([key, account]) => `${key} (now ${account})`).join(", ")} in cdk.json "context" or with -c key=value, or pass -c ${DEPLOY_TARGET_CONTEXT}=local for a local run.`,
        { keys: placeholders.map(([key]) => key) },
      );
    }
  }
  return config;
}
