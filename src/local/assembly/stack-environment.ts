// The account and region a stack runs in. An environment-agnostic stack (the CDK default when a stack
// sets no `env`: `aws://unknown-account/unknown-region` in manifest.json) gets the local default
// account and region, as `cdk deploy` would give it the account and region of the caller's profile.
import { AccountmeshError } from "../../shared/errors.js";

/** What an environment-agnostic stack runs as. */
export interface DefaultEnvironment {
  readonly account: string;
  readonly region: string;
}

/**
 * The documented local default account: twelve zeros, the account LocalStack uses, so scripts and
 * ARNs written for it keep working, and an id no real AWS account is given.
 */
export const LOCAL_DEFAULT_ACCOUNT = "000000000000";
/** The local default region when neither `--region` nor AWS_REGION / AWS_DEFAULT_REGION says one. */
export const LOCAL_DEFAULT_REGION = "us-east-1";

export const UNKNOWN_ACCOUNT = "unknown-account";
export const UNKNOWN_REGION = "unknown-region";

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The default environment from `AWS_REGION` / `AWS_DEFAULT_REGION` (as the CDK CLI reads a profile's region). */
export function defaultEnvironmentFrom(
  env: Readonly<Record<string, string | undefined>>,
  overrides: { readonly account?: string; readonly region?: string } = {},
): DefaultEnvironment {
  const region =
    overrides.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? LOCAL_DEFAULT_REGION;
  const account = overrides.account ?? LOCAL_DEFAULT_ACCOUNT;
  checkEnvironment(account, region);
  return { account, region };
}

/** Refuses an account that is not 12 digits or a region that is not shaped like one (`eu-central-1`). */
export function checkEnvironment(account: string, region: string): void {
  if (!ACCOUNT.test(account)) {
    throw new AccountmeshError(
      "INVALID_DEFAULT_ACCOUNT",
      `The default account must be 12 digits; received ${JSON.stringify(account)}.`,
      { account },
    );
  }
  if (!REGION.test(region)) {
    throw new AccountmeshError(
      "INVALID_DEFAULT_REGION",
      `The default region must look like us-east-1 or eu-central-1; received ${JSON.stringify(region)}.`,
      { region },
    );
  }
}

/**
 * `aws://<account>/<region>` of a stack artifact, each part replaced by the default when it is
 * `unknown-account` / `unknown-region` (or the artifact names no environment at all).
 */
export function stackEnvironment(
  stackId: string,
  environment: string | undefined,
  defaults: DefaultEnvironment,
): { readonly account: string; readonly region: string; readonly agnostic: boolean } {
  if (environment === undefined) return { ...defaults, agnostic: true };
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment);
  const account = match?.[1] === UNKNOWN_ACCOUNT ? defaults.account : match?.[1];
  const region = match?.[2] === UNKNOWN_REGION ? defaults.region : match?.[2];
  if (account === undefined || region === undefined || !ACCOUNT.test(account) || !REGION.test(region)) {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Stack ${stackId} has environment ${JSON.stringify(environment)} in manifest.json; expected aws://<12-digit account>/<region>, where either part may be unknown-account / unknown-region. Check the stack's \`env\`.`,
      { stack: stackId, environment },
    );
  }
  return { account, region, agnostic: match?.[1] === UNKNOWN_ACCOUNT || match?.[2] === UNKNOWN_REGION };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
