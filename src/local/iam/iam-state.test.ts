import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { IamState } from "./iam-state.js";
import { rolePrincipal, rootPrincipal } from "./principals.js";
import type { AuthorizationRequest, PolicyDocument, Principal } from "./types.js";

const A = "111111111111";
const lambdaTrust: PolicyDocument = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const allow = (action: string, resource = "*"): PolicyDocument => ({
  Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
});

function may(state: IamState, principal: Principal, action: string, resource = "*"): boolean {
  const request: AuthorizationRequest = { principal, action, resource, resourceAccount: A, context: {} };
  return evaluate(request, { identity: state.identityPoliciesFor(principal) }).allowed;
}

describe("IamState", () => {
  it("builds role ARNs from account, path and name", () => {
    const state = new IamState();
    expect(state.addRole({ account: A, name: "fn", assumeRolePolicy: lambdaTrust }).arn).toBe(
      `arn:aws:iam::${A}:role/fn`,
    );
    const withPath = state.addRole({
      account: A,
      name: "svc",
      path: "/service-role/",
      assumeRolePolicy: lambdaTrust,
    });
    expect(withPath.arn).toBe(`arn:aws:iam::${A}:role/service-role/svc`);
    expect(state.roleByName(A, "svc")).toBe(withPath);
    expect(() => state.addRole({ account: A, name: "fn", assumeRolePolicy: lambdaTrust })).toThrow(
      /defined twice/,
    );
    expect(() =>
      state.addRole({ account: A, name: "x", path: "bad", assumeRolePolicy: lambdaTrust }),
    ).toThrow(/path/);
  });

  it("collects inline policies put before or after the role exists, recompiling on change", () => {
    const state = new IamState();
    state.putRolePolicy(A, "fn", "Early", allow("s3:GetObject"));
    const role = state.addRole({
      account: A,
      name: "fn",
      assumeRolePolicy: lambdaTrust,
      inlinePolicies: { Own: allow("sqs:SendMessage") },
    });
    const caller = rolePrincipal(role.arn, "fn");
    expect(may(state, caller, "s3:GetObject")).toBe(true);
    expect(may(state, caller, "sqs:SendMessage")).toBe(true);
    expect(may(state, caller, "sns:Publish")).toBe(false);
    expect(state.identityPoliciesFor(caller)).toBe(state.identityPoliciesFor(caller));
    state.putRolePolicy(A, "fn", "Later", allow("sns:Publish"));
    expect(may(state, caller, "sns:Publish")).toBe(true);
    expect(state.identityPoliciesFor(caller).map((p) => p.name)).toEqual([
      `identity:${role.arn}#Early`,
      `identity:${role.arn}#Own`,
      `identity:${role.arn}#Later`,
    ]);
  });

  it("attaches customer managed policies by ARN", () => {
    const state = new IamState();
    const role = state.addRole({ account: A, name: "fn", assumeRolePolicy: lambdaTrust });
    const policy = state.addManagedPolicy({
      account: A,
      name: "Shared",
      path: "/team/",
      document: allow("dynamodb:*"),
    });
    expect(policy.arn).toBe(`arn:aws:iam::${A}:policy/team/Shared`);
    state.attachManagedPolicy(A, "fn", policy.arn);
    expect(may(state, rolePrincipal(role.arn, "s"), "dynamodb:Query")).toBe(true);
  });

  it("catalogues AWSLambdaVPCAccessExecutionRole and reports an unknown AWS managed policy instead of allowing", () => {
    const state = new IamState();
    const role = state.addRole({
      account: A,
      name: "fn",
      assumeRolePolicy: lambdaTrust,
      managedPolicyArns: [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        `arn:aws:iam::${A}:policy/NeverDefined`,
      ],
    });
    const caller = rolePrincipal(role.arn, "s");
    expect(may(state, caller, "ec2:CreateNetworkInterface")).toBe(true);
    expect(may(state, caller, "s3:GetObject")).toBe(false);
    expect(state.unsupported()).toEqual([
      {
        name: "AWS managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess",
        where: `identity:${role.arn}`,
      },
      {
        name: `managed policy arn:aws:iam::${A}:policy/NeverDefined (not defined)`,
        where: `identity:${role.arn}`,
      },
    ]);
  });

  it("reports unsupported condition operators met in role policies", () => {
    const state = new IamState();
    state.addRole({
      account: A,
      name: "fn",
      assumeRolePolicy: lambdaTrust,
      inlinePolicies: {
        P: {
          Statement: [
            { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringSoundsLike: { k: "v" } } },
          ],
        },
      },
    });
    expect(state.unsupported()).toEqual([
      { name: "StringSoundsLike", where: `identity:arn:aws:iam::${A}:role/fn#P` },
    ]);
  });

  it("has no identity policies for principals that are not roles", () => {
    const state = new IamState();
    expect(state.identityPoliciesFor(rootPrincipal(A))).toEqual([]);
    expect(state.identityPoliciesFor({ kind: "anonymous" })).toEqual([]);
    expect(state.identityPoliciesFor(rolePrincipal(`arn:aws:iam::${A}:role/unknown`, "s"))).toEqual([]);
  });

  it("refuses a malformed path and a role defined twice, with coded errors naming them", () => {
    const state = new IamState();
    for (const path of ["team/", "/team", "x/team/"])
      expect(
        () => state.addRole({ account: A, name: "r", path, assumeRolePolicy: lambdaTrust }),
        path,
      ).toThrow(expect.objectContaining({ code: "IAM_INVALID_PATH", details: { path } }));
    state.addRole({ account: A, name: "r", assumeRolePolicy: lambdaTrust });
    expect(() => state.addRole({ account: A, name: "r", assumeRolePolicy: lambdaTrust })).toThrow(
      expect.objectContaining({ code: "IAM_ROLE_EXISTS", details: { arn: `arn:aws:iam::${A}:role/r` } }),
    );
  });

  it("compiles a role's trust policy once, as a trust policy; none for an unknown role", () => {
    const state = new IamState();
    const role = state.addRole({ account: A, name: "r", assumeRolePolicy: lambdaTrust });
    const trust = state.trustPolicyFor(role.arn);
    expect(trust?.name).toBe(`trust:${role.arn}`);
    expect(trust?.allows).toHaveLength(1);
    expect(state.trustPolicyFor(role.arn)).toBe(trust);
    expect(state.trustPolicyFor(`arn:aws:iam::${A}:role/none`)).toBeUndefined();
    expect(state.role(role.arn)).toBe(role);
    expect(state.role(`arn:aws:iam::${A}:role/none`)).toBeUndefined();
  });

  it("customer managed policies get a path in their ARN and compile once for every role they are attached to", () => {
    const state = new IamState();
    const policy = state.addManagedPolicy({
      account: A,
      name: "p",
      path: "/team/",
      document: allow("s3:GetObject"),
    });
    expect(policy.arn).toBe(`arn:aws:iam::${A}:policy/team/p`);
    const one = state.addRole({
      account: A,
      name: "one",
      assumeRolePolicy: lambdaTrust,
      managedPolicyArns: [policy.arn],
    });
    const two = state.addRole({
      account: A,
      name: "two",
      assumeRolePolicy: lambdaTrust,
      managedPolicyArns: [policy.arn],
    });
    const [first] = state.identityPoliciesFor(rolePrincipal(one.arn, "s"));
    const [second] = state.identityPoliciesFor(rolePrincipal(two.arn, "s"));
    expect(first?.name).toBe(`identity:${policy.arn}`);
    expect(second).toBe(first);
    expect(state.identityPoliciesFor(rolePrincipal(one.arn, "s"))[0]).toBe(first);
  });

  it("reports malformed statements of trust and identity policies, naming the policy", () => {
    const state = new IamState();
    const role = state.addRole({
      account: A,
      name: "r",
      assumeRolePolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] },
      inlinePolicies: { p: { Statement: [{ Effect: "Allow", Action: "s3:*" }] } },
    });
    expect(state.unsupported()).toEqual([
      {
        name: "malformed statement 0: an identity-based policy statement needs a Resource (or NotResource) (grants nothing)",
        where: `identity:${role.arn}#p`,
      },
      {
        name: "malformed statement 0: a resource-based policy statement needs a Principal (or NotPrincipal) (grants nothing)",
        where: `trust:${role.arn}`,
      },
    ]);
  });
});
