// The decisions (reasons and deciding statements) where the service's resource policy must allow.
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { A, B, identity, request, resourcePolicy, roleA, roleB } from "./policy.test-support.js";
import { rootPrincipal } from "./principals.js";

const KEY = `arn:aws:kms:eu-central-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${A}:role/target`;
const allowKms = identity({ Sid: "Kms", Effect: "Allow", Action: "kms:*", Resource: "*" });
const naming = (principal: string, action = "kms:*") =>
  resourcePolicy({
    Sid: "Key",
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: action,
    Resource: "*",
  });
const DECIDING_IDENTITY = { policy: "identity:test#inline", sid: "Kms", effect: "Allow" };
const DECIDING_RESOURCE = { policy: "resource:test", sid: "Key", effect: "Allow" };

describe("KMS key policy: decisions and reasons", () => {
  it("naming the caller allows on the key policy alone", () => {
    expect(
      evaluate(request(roleA, "kms:Decrypt", KEY), { identity: [], resource: naming(roleA.arn) }),
    ).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [DECIDING_RESOURCE],
    });
  });

  it("naming the account needs the identity Allow too; both are listed", () => {
    const res = naming(`arn:aws:iam::${A}:root`);
    expect(evaluate(request(roleA, "kms:Decrypt", KEY), { identity: [allowKms], resource: res })).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [DECIDING_IDENTITY, DECIDING_RESOURCE],
    });
    expect(evaluate(request(roleA, "kms:Decrypt", KEY), { identity: [], resource: res })).toEqual({
      allowed: false,
      reason: "implicit-deny",
      statements: [],
    });
  });

  it("no key-policy Allow for the caller: resource-policy-missing, whatever IAM says", () => {
    expect(
      evaluate(request(roleA, "kms:Decrypt", KEY), { identity: [allowKms], resource: naming(roleB.arn) }),
    ).toEqual({ allowed: false, reason: "resource-policy-missing", statements: [] });
    expect(evaluate(request(roleA, "kms:Decrypt", KEY), { identity: [allowKms] })).toMatchObject({
      reason: "resource-policy-missing",
    });
    expect(
      evaluate(request(roleA, "kms:Decrypt", KEY), {
        identity: [allowKms],
        resource: naming(roleA.arn, "kms:Encrypt"),
      }),
    ).toMatchObject({ reason: "resource-policy-missing" });
  });

  it("the root user: allowed when the key policy names its account, refused otherwise", () => {
    const root = rootPrincipal(A);
    expect(
      evaluate(request(root, "kms:Decrypt", KEY), {
        identity: [],
        resource: naming(`arn:aws:iam::${A}:root`),
      }),
    ).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [DECIDING_RESOURCE],
    });
    expect(
      evaluate(request(root, "kms:Decrypt", KEY), { identity: [], resource: naming(roleA.arn) }),
    ).toEqual({
      allowed: false,
      reason: "resource-policy-missing",
      statements: [],
    });
    const other = rootPrincipal(B);
    expect(
      evaluate(request(other, "kms:Decrypt", KEY), { identity: [], resource: naming(roleA.arn) }),
    ).toMatchObject({
      allowed: false,
      reason: "cross-account-resource-missing",
    });
    expect(evaluate(request(other, "kms:Decrypt", KEY), { identity: [], resource: naming(B) })).toMatchObject(
      {
        allowed: true,
        statements: [DECIDING_RESOURCE],
      },
    );
  });

  it("other services in the same account keep the general rule: an identity Allow suffices", () => {
    const secret = `arn:aws:secretsmanager:eu-central-1:${A}:secret:s`;
    expect(
      evaluate(request(roleA, "secretsmanager:GetSecretValue", secret), { identity: [allowKms] }).allowed,
    ).toBe(false);
    const allowSecrets = identity({ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" });
    expect(
      evaluate(request(roleA, "secretsmanager:GetSecretValue", secret), {
        identity: [allowSecrets],
        resource: naming(roleB.arn),
      }).allowed,
    ).toBe(true);
    expect(
      evaluate(request(rootPrincipal(A), "secretsmanager:GetSecretValue", secret), { identity: [] }),
    ).toMatchObject({
      allowed: true,
      reason: "allowed",
    });
  });
});

describe("role trust policy: the root user never assumes a role", () => {
  const trust = resourcePolicy({ Effect: "Allow", Principal: { AWS: [A, B] }, Action: "sts:AssumeRole" });

  it("same account: resource-policy-missing; another account: cross-account-resource-missing", () => {
    expect(
      evaluate(request(rootPrincipal(A), "sts:AssumeRole", ROLE), { identity: [], resource: trust }),
    ).toEqual({
      allowed: false,
      reason: "resource-policy-missing",
      statements: [],
    });
    expect(
      evaluate(request(rootPrincipal(B), "sts:AssumeRole", ROLE), { identity: [], resource: trust }),
    ).toEqual({
      allowed: false,
      reason: "cross-account-resource-missing",
      statements: [],
    });
  });

  it("a role of the trusted account with an identity Allow may", () => {
    const allowAssume = identity({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE });
    expect(
      evaluate(request(roleB, "sts:AssumeRole", ROLE), { identity: [allowAssume], resource: trust }).allowed,
    ).toBe(true);
    expect(evaluate(request(roleB, "sts:AssumeRole", ROLE), { identity: [], resource: trust })).toMatchObject(
      {
        reason: "cross-account-identity-missing",
        allowed: false,
      },
    );
  });
});
