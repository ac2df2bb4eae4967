import { AccountmeshError } from "./errors.js";

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** Validates a 12-digit AWS account id; `what` names the setting in the error message. */
export function assertAccountId(value: unknown, what: string): string {
  if (typeof value !== "string" || !ACCOUNT_ID.test(value)) {
    throw new AccountmeshError(
      "INVALID_ACCOUNT_ID",
      `${what} must be a 12-digit AWS account id; received ${JSON.stringify(value)}.`,
      { what, value },
    );
  }
  return value;
}

/** Validates an AWS region name such as `eu-central-1`. */
export function assertRegion(value: unknown, what: string): string {
  if (typeof value !== "string" || !REGION.test(value)) {
    throw new AccountmeshError(
      "INVALID_REGION",
      `${what} must be an AWS region such as "eu-central-1"; received ${JSON.stringify(value)}.`,
      { what, value },
    );
  }
  return value;
}

/** The ARN of an account's root principal (`arn:aws:iam::<account>:root`). */
export function accountRootArn(account: string, partition = "aws"): string {
  return `arn:${partition}:iam::${account}:root`;
}

/**
 * A stand-in account id that names no real account: twelve identical digits (`111111111111`, orders'
 * and flights' defaults), one pair of digits six times (`121212121212`, directory's and providers'
 * defaults) or AWS's documentation example `123456789012`. A deploy to AWS refuses them.
 */
export function isPlaceholderAccount(account: string): boolean {
  return /^(\d)\1{11}$/.test(account) || /^(\d\d)\1{5}$/.test(account) || account === "123456789012";
}
