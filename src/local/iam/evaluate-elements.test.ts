// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import {
  A,
  B,
  bucket,
  doc,
  identity,
  otherRoleA,
  request,
  resourcePolicy,
  roleA,
  roleB,
} from "./policy.test-support.js";
import type { PolicyStatement } from "./types.js";

describe("NotAction, NotResource, NotPrincipal", () => {
  it("NotAction allows everything but the listed actions (case-insensitive)", () => {
    const id = identity({ Effect: "Allow", NotAction: "IAM:*", Resource: "*" });
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [id] }).allowed).toBe(true);
    expect(evaluate(request(roleA, "iam:CreateUser", "*"), { identity: [id] }).allowed).toBe(false);
  });

  it("NotResource denies everything outside the listed resources", () => {
    const id = identity(
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Sid: "OnlyMine", Effect: "Deny", Action: "s3:*", NotResource: [bucket, `${bucket}/*`] },
    );
    expect(evaluate(request(roleA, "s3:GetObject", `${bucket}/x`), { identity: [id] }).allowed).toBe(true);
    expect(evaluate(request(roleA, "s3:GetObject", "arn:aws:s3:::other/x"), { identity: [id] }).reason).toBe(
      "explicit-deny",
    );
  });

  it("Deny with NotPrincipal exempts a session only when its account and role (or session) are listed", () => {
    const allowAll = resourcePolicy({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" });
    const deny = (listed: string[]) =>
      compilePolicy(
        doc(
          { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" },
          { Effect: "Deny", NotPrincipal: { AWS: listed }, Action: "s3:*", Resource: "*" },
        ),
        "resource:np",
      );
    const req = request(roleA, "s3:GetObject", bucket);
    expect(evaluate(req, { identity: [], resource: allowAll }).allowed).toBe(true);
    expect(
      evaluate(req, { identity: [], resource: deny([roleA.arn, `arn:aws:iam::${A}:root`]) }).allowed,
    ).toBe(true);
    expect(evaluate(req, { identity: [], resource: deny([roleA.sessionArn, A]) }).allowed).toBe(true);
    expect(evaluate(req, { identity: [], resource: deny([roleA.arn]) }).reason).toBe("explicit-deny");
    expect(evaluate(req, { identity: [], resource: deny([`arn:aws:iam::${A}:root`]) }).reason).toBe(
      "explicit-deny",
    );
    expect(
      evaluate(request(otherRoleA, "s3:GetObject", bucket), { identity: [], resource: deny([roleA.arn, A]) })
        .reason,
    ).toBe("explicit-deny");
  });
});

describe("global keys filled from the principal", () => {
  it("aws:PrincipalAccount, aws:PrincipalArn and aws:PrincipalType are available to conditions", () => {
    const res = resourcePolicy({
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:PrincipalAccount": B, "aws:PrincipalType": "AssumedRole" },
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${B}:role/*` },
      },
    });
    const idB = identity({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    expect(evaluate(request(roleB, "s3:GetObject", bucket), { identity: [idB], resource: res }).allowed).toBe(
      true,
    );
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [], resource: res }).allowed).toBe(
      false,
    );
  });

  it("a value the caller passes wins over the derived one", () => {
    const id = identity({
      Effect: "Allow",
      Action: "s3:*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalAccount": "999999999999" } },
    });
    const req = request(roleA, "s3:GetObject", bucket, A, { "aws:PrincipalAccount": "999999999999" });
    expect(evaluate(req, { identity: [id] }).allowed).toBe(true);
  });

  it("aws:userid of a role session is <role id>:<session name>", () => {
    const id = identity({
      Effect: "Allow",
      Action: "s3:*",
      Resource: "*",
      Condition: { StringLike: { "aws:userid": "AROA*:session-1" } },
    });
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [id] }).allowed).toBe(true);
  });

  it("policy variables in Resource resolve from the principal (${aws:PrincipalAccount})", () => {
    const id = identity({
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: "arn:aws:dynamodb:*:${aws:PrincipalAccount}:table/*",
    });
    expect(
      evaluate(request(roleA, "dynamodb:GetItem", `arn:aws:dynamodb:eu-central-1:${A}:table/t`), {
        identity: [id],
      }).allowed,
    ).toBe(true);
    expect(
      evaluate(request(roleA, "dynamodb:GetItem", `arn:aws:dynamodb:eu-central-1:${B}:table/t`, B), {
        identity: [id],
      }).allowed,
    ).toBe(false);
  });
});

describe("what cannot be honoured never fails open", () => {
  const statement = (effect: "Allow" | "Deny"): PolicyStatement => ({
    Sid: "Fuzzy",
    Effect: effect,
    Action: "s3:GetObject",
    Resource: "*",
    Condition: { StringFuzzyMatch: { "aws:username": "x" } },
  });

  it("an unknown operator makes an Allow never match and a Deny always match, and is reported", () => {
    const allowPolicy = identity(statement("Allow"));
    expect(allowPolicy.unsupported).toEqual(["StringFuzzyMatch"]);
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [allowPolicy] }).allowed).toBe(false);
    const denyPolicy = identity({ Effect: "Allow", Action: "s3:*", Resource: "*" }, statement("Deny"));
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [denyPolicy] }).reason).toBe(
      "explicit-deny",
    );
    // The Deny still applies only to its own actions.
    expect(evaluate(request(roleA, "s3:PutObject", bucket), { identity: [denyPolicy] }).allowed).toBe(true);
  });

  it("a resource-policy Deny without Principal denies everyone; an Allow without it allows no one", () => {
    const res = resourcePolicy({ Effect: "Allow", Action: "s3:*", Resource: "*" });
    expect(evaluate(request(roleA, "s3:GetObject", bucket), { identity: [], resource: res }).allowed).toBe(
      false,
    );
    const denyAll = resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*" });
    const id = identity({ Effect: "Allow", Action: "s3:*", Resource: "*" });
    expect(
      evaluate(request(roleA, "s3:GetObject", bucket), { identity: [id], resource: denyAll }).reason,
    ).toBe("explicit-deny");
  });
});
