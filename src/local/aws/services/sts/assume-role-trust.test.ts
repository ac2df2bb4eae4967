import { describe, expect, it } from "vitest";
import { IamState } from "../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../iam/policy-decision-point.js";
import { rolePrincipal } from "../../../iam/principals.js";
import type { ContextValue, PolicyDocument, PolicyStatement } from "../../../iam/types.js";

const A = "111111111111";
const B = "222222222222";
const TARGET = `arn:aws:iam::${A}:role/Target`;
const CALLER_A = `arn:aws:iam::${A}:role/CallerA`;
const CALLER_B = `arn:aws:iam::${B}:role/CallerB`;

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const trusting = (aws: string, extra: Partial<PolicyStatement> = {}) =>
  doc({ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole", ...extra });
const mayAssume = doc({ Sid: "Assume", Effect: "Allow", Action: "sts:AssumeRole", Resource: TARGET });

/** The decision for the caller role (with `identity` as its only policy) assuming Target under `trust`. */
function decide(
  caller: string,
  trust: PolicyDocument,
  identity?: PolicyDocument,
  context: Record<string, ContextValue> = {},
) {
  const iam = new IamState();
  const [, , , , account = "", resource = ""] = caller.split(":");
  const name = resource.slice("role/".length);
  iam.addRole({
    account,
    name,
    assumeRolePolicy: trusting("*"),
    ...(identity === undefined ? {} : { inlinePolicies: { P: identity } }),
  });
  const pdp = new PolicyDecisionPoint(iam);
  const authorizer = { authorize: pdp.decide.bind(pdp) };
  const request = {
    principal: rolePrincipal(caller, "session"),
    action: "sts:AssumeRole",
    resource: TARGET,
    resourceAccount: A,
    context,
  };
  // The trust policy travels as the role's resource policy; the evaluator's role-trust service rule
  // requires it to allow (src/local/iam/service-rules.ts).
  return authorizer.authorize(request, trust);
}

describe("sts:AssumeRole decided by the decision point, in the role's account", () => {
  it("allows when the trust policy names the calling role, without any identity policy", () => {
    expect(decide(CALLER_A, trusting(CALLER_A))).toMatchObject({ allowed: true });
  });

  it("matches a trust policy naming the role ARN against the caller's assumed-role session, as AWS does", () => {
    expect(decide(CALLER_A, trusting(`arn:aws:sts::${A}:assumed-role/CallerA/session`))).toMatchObject({
      allowed: true,
    });
  });

  it("needs the identity policy too when the trust policy names only the account", () => {
    expect(decide(CALLER_A, trusting(`arn:aws:iam::${A}:root`))).toMatchObject({ allowed: false });
    expect(decide(CALLER_A, trusting(`arn:aws:iam::${A}:root`), mayAssume)).toMatchObject({ allowed: true });
  });

  it("denies when the trust policy does not name the caller, even if its identity policy allows", () => {
    const other = trusting(`arn:aws:iam::${A}:role/Someone`);
    expect(decide(CALLER_A, other, mayAssume)).toEqual({
      allowed: false,
      reason: "resource-policy-missing",
      statements: [],
    });
  });

  it("lets an explicit Deny in the identity policy win over a trust policy naming the caller", () => {
    const deny = doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
    expect(decide(CALLER_A, trusting(CALLER_A), deny)).toMatchObject({
      allowed: false,
      reason: "explicit-deny",
    });
  });

  it("applies sts:ExternalId conditions of the trust policy", () => {
    const trust = trusting(CALLER_A, { Condition: { StringEquals: { "sts:ExternalId": "secret-1" } } });
    expect(decide(CALLER_A, trust)).toMatchObject({ allowed: false });
    expect(decide(CALLER_A, trust, undefined, { "sts:ExternalId": "other" })).toMatchObject({
      allowed: false,
    });
    expect(decide(CALLER_A, trust, undefined, { "sts:ExternalId": "secret-1" })).toMatchObject({
      allowed: true,
    });
  });
});

describe("sts:AssumeRole across accounts: both sides must allow", () => {
  it("allows when the trust policy names the caller (or its account) and its identity policy allows", () => {
    expect(decide(CALLER_B, trusting(CALLER_B), mayAssume)).toMatchObject({ allowed: true });
    expect(decide(CALLER_B, trusting(B), mayAssume)).toMatchObject({ allowed: true });
  });

  it("denies without the identity policy, however the trust policy names the caller", () => {
    expect(decide(CALLER_B, trusting(CALLER_B))).toMatchObject({
      allowed: false,
      reason: "cross-account-identity-missing",
    });
  });

  it("denies when the trust policy does not name the caller's account", () => {
    expect(decide(CALLER_B, trusting(`arn:aws:iam::${A}:root`), mayAssume)).toMatchObject({
      allowed: false,
      reason: "cross-account-resource-missing",
    });
  });
});
