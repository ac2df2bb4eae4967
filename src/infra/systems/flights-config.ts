// The typed configuration of the flights reference system (seed 002): one account per role —
// booking, airmiles, web, tools (the pipeline) — with placeholder defaults distinct from the other
// systems', each overridable by CDK context (`-c accountmesh:flights:bookingAccount=...`). One module
// for the whole system: the booking/airmiles stacks and the web/pipeline stacks read the same config.
import { assertAccountId, assertRegion, isPlaceholderAccount } from "../../shared/account.js";
import {
  DEPLOY_TARGET_CONTEXT,
  type DeployTarget,
  deployTargetOf,
  type EnvironmentReader,
} from "../../shared/deploy-target.js";
import { AccountmeshError } from "../../shared/errors.js";

export type FlightsRole = "booking" | "airmiles" | "web" | "tools";
export const FLIGHTS_ROLES: readonly FlightsRole[] = ["booking", "airmiles", "web", "tools"];
/** The roles whose accounts hold the system's services (the tools account holds only the pipeline). */
const SERVICE_ROLES: readonly FlightsRole[] = ["booking", "airmiles", "web"];

export interface FlightsSystemConfig {
  /** Prefix of resource names, e.g. `flights-booking-...`. */
  readonly applicationName: string;
  readonly region: string;
  /** The account of each role. */
  readonly accounts: Readonly<Record<FlightsRole, string>>;
  readonly deployTarget: DeployTarget;
}

export const FLIGHTS_DEFAULTS = {
  applicationName: "flights",
  region: "eu-central-1",
  accounts: { booking: "444444444444", airmiles: "555555555555", web: "666666666666", tools: "777777777777" },
} as const;

/** CDK context keys that override the defaults. */
export const FLIGHTS_CONTEXT = {
  region: "accountmesh:flights:region",
  /** `accountmesh:flights:<role>Account`, e.g. `accountmesh:flights:bookingAccount`. */
  account: (role: FlightsRole) => `accountmesh:flights:${role}Account`,
} as const;

/**
 * Reads and validates the configuration; a deploy to AWS with placeholder service accounts (booking,
 * airmiles, web) is refused here (PLACEHOLDER_ACCOUNTS). The tools account is checked by the pipeline's
 * configuration (`pipelineSourceFromContext`), only when the pipeline is part of the deploy.
 */
export function flightsConfigFromContext(
  read: (key: string) => unknown,
  env: EnvironmentReader = {},
): FlightsSystemConfig {
  const str = (key: string): string | undefined => {
    const v = read(key);
    return v === undefined || v === null || v === "" ? undefined : String(v);
  };
  const accounts = Object.fromEntries(
    FLIGHTS_ROLES.map((role) => [
      role,
      assertAccountId(
        str(FLIGHTS_CONTEXT.account(role)) ?? FLIGHTS_DEFAULTS.accounts[role],
        FLIGHTS_CONTEXT.account(role),
      ),
    ]),
  ) as Record<FlightsRole, string>;
  const config: FlightsSystemConfig = {
    applicationName: FLIGHTS_DEFAULTS.applicationName,
    region: assertRegion(str(FLIGHTS_CONTEXT.region) ?? FLIGHTS_DEFAULTS.region, FLIGHTS_CONTEXT.region),
    accounts,
    deployTarget: deployTargetOf(read, env),
  };
  const distinct = new Set([accounts.booking, accounts.airmiles]);
  if (distinct.size !== 2) {
    throw new AccountmeshError(
      "FLIGHTS_SAME_ACCOUNT",
      `The booking and airmiles services must live in different accounts (the seed's cross-account subscription); both are ${accounts.booking}. Set ${FLIGHTS_CONTEXT.account("airmiles")}.`,
    );
  }
  if (config.deployTarget.kind === "aws") {
    const placeholders = SERVICE_ROLES.filter((role) => isPlaceholderAccount(accounts[role]));
    if (placeholders.length > 0) {
      throw new AccountmeshError(
        "PLACEHOLDER_ACCOUNTS",
        [
          `This synth is for a deploy to AWS: ${config.deployTarget.detectedBy}. The flights system still names placeholder accounts, which IAM rejects in topic and trust policies:`,
          ...placeholders.map((role) => `  - ${FLIGHTS_CONTEXT.account(role)} (now ${accounts[role]})`),
          `Set them in cdk.json "context" or with -c key=value. For a local run instead, pass -c ${DEPLOY_TARGET_CONTEXT}=local.`,
        ].join("\n"),
        { roles: placeholders },
      );
    }
  }
  return config;
}
