import { describe, expect, it } from "vitest";
import { AccountmeshError } from "../../shared/errors.js";
import { documentProblems } from "./policy-grammar.js";
import { assertStorablePolicy } from "./validate-policy.js";

const where = {
  stack: "OrdersFood",
  logicalId: "FnRole",
  resourceType: "AWS::IAM::Role",
  property: "Policies[0].PolicyDocument",
};
const rules = (doc: unknown, kind: "identity" | "resource" | "trust" = "identity") =>
  documentProblems(doc, kind).map((p) => p.rule);

describe("assertStorablePolicy", () => {
  it("returns a storable document unchanged", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    };
    expect(assertStorablePolicy(doc, "identity", where)).toBe(doc);
  });

  it("throws POLICY_MALFORMED naming the stack, the resource, the property, the statement and the rule", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Sid: "Both", Effect: "Allow", Action: "s3:*", NotAction: "s3:DeleteObject", Resource: "*" },
      ],
    };
    let error: unknown;
    try {
      assertStorablePolicy(doc, "identity", where);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AccountmeshError);
    const e = error as AccountmeshError;
    expect(e.code).toBe("POLICY_MALFORMED");
    expect(e.message).toBe(
      'AWS::IAM::Role OrdersFood/FnRole: Policies[0].PolicyDocument is not a valid identity-based policy, AWS would refuse to store it: Statement[1] (Sid "Both"): a statement has Action or NotAction, not both: remove one [action-and-notaction]. Fix the policy in the CDK app, synthesize and start again.',
    );
    expect(e.details).toMatchObject({
      stack: "OrdersFood",
      logicalId: "FnRole",
      property: "Policies[0].PolicyDocument",
    });
  });

  it("names document-level rules and the kind of policy", () => {
    expect(() =>
      assertStorablePolicy({ Version: "1", Statement: [] }, "trust", {
        ...where,
        property: "AssumeRolePolicyDocument",
      }),
    ).toThrow(
      'AWS::IAM::Role OrdersFood/FnRole: AssumeRolePolicyDocument is not a valid role trust policy, AWS would refuse to store it: Version "1" is not "2012-10-17" (or the legacy "2008-10-17") [version].',
    );
    expect(() =>
      assertStorablePolicy({ Statement: { Effect: "Allow", Action: "s3:*" } }, "resource", where),
    ).toThrow(
      /not a valid resource-based policy.*Statement\[0\]: a resource-based policy statement needs a Principal/,
    );
  });
});

describe("documentProblems: the IAM grammar rules", () => {
  it("accepts both Version values, no Version, a single statement object and an empty list", () => {
    const statement = { Effect: "Deny", Action: ["s3:*", "*"], NotResource: "arn:aws:s3:::b" };
    expect(rules({ Version: "2012-10-17", Statement: [statement] })).toEqual([]);
    expect(rules({ Version: "2008-10-17", Id: "x", Statement: statement })).toEqual([]);
    expect(rules({ Statement: [] })).toEqual([]);
  });

  it("refuses what is not a document", () => {
    expect(rules(null)).toEqual(["not-an-object"]);
    expect(rules([1])).toEqual(["not-an-object"]);
    expect(rules({ Version: "2012-10-17" })).toEqual(["statement"]);
    expect(rules({ Statement: "x" })).toEqual(["statement"]);
    expect(rules({ Statement: [], Extra: 1 })).toEqual(["unknown-element"]);
    expect(rules({ Statement: ["x"] })).toEqual(["statement-not-an-object"]);
  });

  it("statement rules, each on its own", () => {
    const ok = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    const one = (patch: Record<string, unknown>, kind: "identity" | "resource" | "trust" = "identity") =>
      rules({ Statement: [{ ...ok, ...patch }] }, kind);
    expect(one({ Effect: "allow" })).toEqual(["effect"]);
    expect(one({ Effect: undefined })).toEqual(["effect"]);
    expect(one({ Actions: "s3:*" })).toEqual(["unknown-element"]);
    expect(one({ NotAction: "s3:PutObject" })).toEqual(["action-and-notaction"]);
    expect(one({ Action: undefined })).toEqual(["action-missing"]);
    expect(one({ Action: [] })).toEqual(["action-empty"]);
    expect(one({ Action: "GetObject" })).toEqual(["action-format"]);
    expect(one({ Action: ["s3:Get*", 7] })).toEqual(["action-format"]);
    expect(one({ Action: "s3:Get Object" })).toEqual(["action-format"]);
    expect(one({ NotResource: "arn:aws:s3:::b" })).toEqual(["resource-and-notresource"]);
    expect(one({ Resource: undefined })).toEqual(["resource-missing"]);
    expect(one({ Resource: undefined, NotResource: "*" })).toEqual([]);
    expect(one({ Principal: "*" })).toEqual(["principal-in-identity-policy"]);
    expect(one({ NotPrincipal: "*" })).toEqual(["principal-in-identity-policy"]);
    expect(one({ Principal: "*", NotPrincipal: "*" })).toEqual(["principal-and-notprincipal"]);
    expect(one({}, "resource")).toEqual(["principal-missing"]);
    expect(one({ NotPrincipal: { AWS: "111122223333" } }, "resource")).toEqual([]);
    expect(one({ Resource: undefined, Principal: { Service: "x.amazonaws.com" } }, "resource")).toEqual([]);
    expect(one({ Principal: "*" }, "trust")).toEqual(["resource-in-trust-policy"]);
    expect(one({ Principal: "*", Resource: undefined, NotResource: "*" }, "trust")).toEqual([
      "resource-in-trust-policy",
    ]);
    expect(one({ Principal: "*", Resource: undefined }, "trust")).toEqual([]);
    expect(one({ Condition: { StringEquals: { k: ["a", 1, true] } } })).toEqual([]);
    expect(one({ Condition: "x" })).toEqual(["condition"]);
    expect(one({ Condition: { StringEquals: "x" } })).toEqual(["condition"]);
    expect(one({ Condition: { StringEquals: { k: { nested: 1 } } } })).toEqual(["condition"]);
    expect(one({ Condition: { StringEquals: { k: [null] } } })).toEqual(["condition"]);
  });

  it("reports the statement index and Sid", () => {
    expect(documentProblems({ Statement: [{ Sid: "S", Effect: "Allow", Action: "x" }] }, "identity")).toEqual(
      [
        {
          statement: 0,
          sid: "S",
          rule: "action-format",
          message: 'action "x" must be "*" or "<service>:<action>"',
        },
        {
          statement: 0,
          sid: "S",
          rule: "resource-missing",
          message: "an identity-based policy statement needs a Resource (or NotResource)",
        },
      ],
    );
  });
});
