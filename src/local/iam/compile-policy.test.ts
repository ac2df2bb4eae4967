// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
import { describe, expect, it } from "vitest";
import { compilePolicy, policyKindOf } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import { A, bucket, request, roleA } from "./policy.test-support.js";
import type { PolicyDocument } from "./types.js";

const get = request(roleA, "s3:GetObject", `${bucket}/x`);

describe("compilePolicy: what AWS would refuse fails closed", () => {
  it("a malformed Allow grants nothing and is reported", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Sid: "Both", Effect: "Allow", Action: "s3:*", NotAction: "s3:PutObject", Resource: "*" }],
    } as unknown as PolicyDocument;
    const compiled = compilePolicy(doc, "identity:t#p");
    expect(compiled.allows).toEqual([]);
    expect(compiled.denies).toEqual([]);
    expect(compiled.unsupported).toEqual([
      "malformed statement 0: a statement has Action or NotAction, not both: remove one (grants nothing)",
    ]);
    expect(evaluate(get, { identity: [compiled] }).allowed).toBe(false);
  });

  it("a malformed Deny denies every request it could reach, listing its Sid", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Sid: "Typo", Effect: "Deny", Action: "s3:DeleteObject", Resource: "*", Principal: "*" },
      ],
    } as unknown as PolicyDocument;
    const compiled = compilePolicy(doc, "identity:t#p");
    expect(compiled.unsupported).toEqual([
      "malformed statement 1: an identity-based policy has no Principal: the identity is the principal (denies every request)",
    ]);
    expect(evaluate(get, { identity: [compiled] })).toEqual({
      allowed: false,
      reason: "explicit-deny",
      statements: [{ policy: "identity:t#p", sid: "Typo", effect: "Deny" }],
    });
    const resource = compilePolicy(
      { Statement: [{ Effect: "Deny", Action: "s3:*" }] } as unknown as PolicyDocument,
      "resource:b",
    );
    expect(evaluate(get, { identity: [], resource })).toMatchObject({
      reason: "explicit-deny",
      statements: [{ policy: "resource:b", effect: "Deny" }],
    });
  });

  it("a statement whose Effect is unreadable denies; one that is not an object is dropped", () => {
    const compiled = compilePolicy(
      { Statement: [{ Effect: "allow", Action: "s3:*", Resource: "*" }, 7] } as unknown as PolicyDocument,
      "identity:t#p",
    );
    expect(compiled.denies).toHaveLength(2);
    expect(compiled.denies[0]?.deciding).toEqual({ policy: "identity:t#p", effect: "Deny" });
    expect(compiled.allows).toEqual([]);
  });

  it("a document with an unknown Version grants nothing, but its Denies still apply", () => {
    const doc = {
      Version: "2012-10-18",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Effect: "Deny", Action: "s3:GetObject", Resource: "*" },
      ],
    } as unknown as PolicyDocument;
    const compiled = compilePolicy(doc, "identity:t#p");
    expect(compiled.allows).toEqual([]);
    expect(compiled.denies).toHaveLength(1);
    expect(compiled.unsupported).toEqual(['malformed policy: Version "2012-10-18" (grants nothing)']);
  });

  it("a document without Statement grants nothing", () => {
    const compiled = compilePolicy({ Version: "2012-10-17" } as unknown as PolicyDocument, "identity:t#p");
    expect(compiled).toMatchObject({
      allows: [],
      denies: [],
      unsupported: ["malformed policy: no Statement (grants nothing)"],
    });
  });

  it("the policy kind follows the name unless given: identity statements need a Resource, trust ones have none", () => {
    expect(policyKindOf("identity:x")).toBe("identity");
    expect(policyKindOf("trust:x")).toBe("trust");
    expect(policyKindOf("resource:x")).toBe("resource");
    expect(policyKindOf("anything")).toBe("resource");
    const noResource = {
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }],
    } as PolicyDocument;
    expect(compilePolicy(noResource, "trust:r").allows).toHaveLength(1);
    expect(compilePolicy(noResource, "x", "identity").allows).toHaveLength(0);
  });
});

describe("compilePolicy: Version decides whether ${...} is a variable", () => {
  const statement = {
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::b/${aws:username}/*",
  } as const;
  const alice = (resource: string) => ({
    ...request(roleA, "s3:GetObject", resource, A, { "aws:username": "alice" }),
  });

  it("2012-10-17 resolves variables; 2008-10-17 and no Version read them literally", () => {
    const v2012 = compilePolicy({ Version: "2012-10-17", Statement: [statement] }, "identity:t#p");
    const v2008 = compilePolicy({ Version: "2008-10-17", Statement: [statement] }, "identity:t#p");
    const none = compilePolicy({ Statement: [statement] }, "identity:t#p");
    expect(evaluate(alice("arn:aws:s3:::b/alice/x"), { identity: [v2012] }).allowed).toBe(true);
    for (const literal of [v2008, none]) {
      expect(evaluate(alice("arn:aws:s3:::b/alice/x"), { identity: [literal] }).allowed).toBe(false);
      expect(evaluate(alice("arn:aws:s3:::b/${aws:username}/x"), { identity: [literal] }).allowed).toBe(true);
    }
  });
});
