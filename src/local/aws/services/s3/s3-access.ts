// Who may do what on a bucket: the one decision point with the bucket policy as resource policy, plus
// S3's Block Public Access. "RestrictPublicBuckets": while the bucket policy is public, only AWS
// service principals and principals of the bucket owner's account get access
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html,
// "The meaning of public"). A policy is public when an Allow statement grants to `*` without a
// condition that fixes who calls (source ARN, account, VPC, VPC endpoint, IP, organization).
import type { Authorizer, Decision, PolicyDocument, PolicyStatement } from "../../../iam/types.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import type { S3Bucket } from "./s3-store.js";

/** Condition keys that make a `*` grant non-public (S3's list, lower-cased). */
const FIXING_KEYS = new Set([
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:principalorgid",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:userid",
]);

function grantsEveryone(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (principal === undefined) return false;
  const aws = principal.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

function fixesCaller(statement: PolicyStatement): boolean {
  return Object.values(statement.Condition ?? {}).some((block) =>
    Object.keys(block).some((key) => FIXING_KEYS.has(key.toLowerCase())),
  );
}

/** Whether `policy` is public in S3's sense (an Allow to `*` with no condition fixing the caller). */
export function isPublicPolicy(policy: PolicyDocument | undefined): boolean {
  if (policy === undefined) return false;
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return statements.some(
    (statement: PolicyStatement) =>
      statement.Effect === "Allow" && grantsEveryone(statement) && !fixesCaller(statement),
  );
}

/**
 * Decides `action` on `resource` of `bucket` for the caller of `context`; throws S3's
 * `AccessDenied` (403) with AWS's wording when refused. Returns the decision when allowed.
 */
export function authorizeS3(
  authorizer: Authorizer,
  context: OperationContext,
  bucket: S3Bucket,
  action: string,
  resource: string,
): Decision {
  const decision = authorizeCall(authorizer, context, {
    action,
    resource,
    resourceAccount: bucket.account,
    ...(bucket.policy === undefined ? {} : { resourcePolicy: bucket.policy }),
  });
  const principal = context.caller.principal;
  const restricted =
    bucket.restrictPublicBuckets &&
    isPublicPolicy(bucket.policy) &&
    principal.kind !== "service" &&
    context.caller.account !== bucket.account;
  if (!decision.allowed || restricted) {
    throw new AwsError(
      "AccessDenied",
      restricted
        ? `Access Denied: bucket ${bucket.name} has a public policy and RestrictPublicBuckets is on, so only its owner's account (${bucket.account}) and AWS services may use it.`
        : accessDeniedMessage(principal, action, resource, decision),
      403,
    );
  }
  return decision;
}

/** Whether the caller may `action` on `resource` (no error), e.g. s3:ListBucket before NoSuchKey. */
export function mayS3(
  authorizer: Authorizer,
  context: OperationContext,
  bucket: S3Bucket,
  action: string,
  resource: string,
): boolean {
  try {
    authorizeS3(authorizer, context, bucket, action, resource);
    return true;
  } catch {
    return false;
  }
}
