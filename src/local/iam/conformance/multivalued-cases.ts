// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
// Multivalued context keys: ForAllValues / ForAnyValue and their empty and missing pitfalls.
import type { PolicyDocument } from "../types.js";
import { allowing, type ConformanceCase, DOCS, policy, role } from "./conformance-case.js";

const USER = "arn:aws:iam::111122223333:user/tagged";
type Context = NonNullable<ConformanceCase["request"]["context"]>;

const denyTagKeysNotKey1: PolicyDocument = policy(
  { Effect: "Allow", Action: "iam:*", Resource: "*" },
  {
    Sid: "DenyRestrictedTags",
    Effect: "Deny",
    Action: ["iam:Tag*", "iam:UnTag*"],
    Resource: ["*"],
    Condition: { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } },
  },
);
const allowAnyOf = (operator: string, extra: Record<string, Record<string, unknown>> = {}): PolicyDocument =>
  policy({
    Effect: "Allow",
    Action: "iam:TagUser",
    Resource: "*",
    Condition: { [operator]: { "aws:TagKeys": ["environment", "cost-center"] }, ...extra },
  });

function tag(
  name: string,
  source: string,
  identity: PolicyDocument,
  context: Context,
  expect: ConformanceCase["expect"],
): ConformanceCase {
  return {
    source,
    name,
    identity: [identity],
    request: { principal: role, action: "iam:TagUser", resource: USER, context },
    expect,
  };
}

export const MULTIVALUED_CASES: readonly ConformanceCase[] = [
  tag(
    "documented example: Deny ForAllValues:StringNotLike key1* — key1:legal does not match",
    DOCS.multiValuedExamples,
    denyTagKeysNotKey1,
    { "aws:TagKeys": ["key1:legal"] },
    "Allow",
  ),
  tag(
    "documented example: Deny ForAllValues:StringNotLike key1* — key1:hr and key1:personnel do not match",
    DOCS.multiValuedExamples,
    denyTagKeysNotKey1,
    { "aws:TagKeys": ["key1:hr", "key1:personnel"] },
    "Allow",
  ),
  tag(
    "documented example: Deny ForAllValues:StringNotLike key1* — key2:audit matches",
    DOCS.multiValuedExamples,
    denyTagKeysNotKey1,
    { "aws:TagKeys": ["key2:audit"] },
    "ExplicitDeny",
  ),
  tag(
    "documented example: Deny ForAllValues:StringNotLike key1* — no aws:TagKeys in the request matches",
    DOCS.multiValuedExamples,
    denyTagKeysNotKey1,
    {},
    "ExplicitDeny",
  ),
  tag(
    "ForAllValues: every request value is in the policy's set",
    DOCS.multiValued,
    allowAnyOf("ForAllValues:StringEquals"),
    { "aws:TagKeys": ["environment", "cost-center"] },
    "Allow",
  ),
  tag(
    "ForAllValues: one request value outside the policy's set fails",
    DOCS.multiValued,
    allowAnyOf("ForAllValues:StringEquals"),
    { "aws:TagKeys": ["environment", "owner"] },
    "ImplicitDeny",
  ),
  tag(
    "ForAllValues pitfall: a missing key returns true, so the Allow applies",
    DOCS.multiValued,
    allowAnyOf("ForAllValues:StringEquals"),
    {},
    "Allow",
  ),
  tag(
    "ForAllValues pitfall: an empty set returns true as well",
    DOCS.multiValued,
    allowAnyOf("ForAllValues:StringEquals"),
    { "aws:TagKeys": [] },
    "Allow",
  ),
  tag(
    "ForAllValues guarded by Null false: a missing key no longer allows",
    DOCS.multiValuedExamples,
    allowAnyOf("ForAllValues:StringEquals", { Null: { "aws:TagKeys": "false" } }),
    {},
    "ImplicitDeny",
  ),
  tag(
    "ForAnyValue: one request value in the policy's set suffices",
    DOCS.multiValued,
    allowAnyOf("ForAnyValue:StringEquals"),
    { "aws:TagKeys": ["owner", "environment"] },
    "Allow",
  ),
  tag(
    "ForAnyValue: no request value in the set fails",
    DOCS.multiValued,
    allowAnyOf("ForAnyValue:StringEquals"),
    { "aws:TagKeys": ["owner"] },
    "ImplicitDeny",
  ),
  tag(
    "ForAnyValue: a missing key returns false",
    DOCS.multiValued,
    allowAnyOf("ForAnyValue:StringEquals"),
    {},
    "ImplicitDeny",
  ),
  tag(
    "ForAnyValue:StringLike matches wildcards against each request value",
    DOCS.multiValued,
    policy({
      Effect: "Allow",
      Action: "iam:TagUser",
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": "cost-*" } },
    }),
    { "aws:TagKeys": ["owner", "cost-center"] },
    "Allow",
  ),
  {
    source: DOCS.multiValued,
    name: "a multivalued key used as a policy variable matches nothing",
    identity: [allowing("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${aws:TagKeys}/*")],
    request: {
      principal: role,
      action: "s3:GetObject",
      resource: "arn:aws:s3:::amzn-s3-demo-bucket/a/x",
      context: { "aws:TagKeys": ["a"] },
    },
    expect: "ImplicitDeny",
  },
];
