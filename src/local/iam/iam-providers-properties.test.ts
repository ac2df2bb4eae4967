// The IAM providers on small hand-written resources: every property they read, and each refusal.
import { describe, expect, it } from "vitest";
import type { ResourceProvider, StackArtifact } from "../assembly/types.js";
import { createIamProviders } from "./iam-providers.js";
import { IamState } from "./iam-state.js";
import { rolePrincipal } from "./principals.js";

const A = "111122223333";
const stack: StackArtifact = {
  id: "Stack",
  stackName: "Stack",
  account: A,
  region: "eu-central-1",
  template: { Resources: {} },
  dependencies: [],
  assets: new Map(),
};
const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const allowGet = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
};

function setup() {
  const state = new IamState();
  const byType = new Map(createIamProviders(state).map((p) => [p.type, p]));
  const provider = (type: string): ResourceProvider => {
    const found = byType.get(type);
    if (found === undefined) throw new Error(`no provider for ${type}`);
    return found;
  };
  const create = (type: string, logicalId: string, properties: Record<string, unknown>) =>
    provider(type).create({ stack, logicalId, type, properties });
  return { state, create, provider };
}

const invalid = (property: string, message: string) =>
  expect.objectContaining({
    code: "IAM_INVALID_PROPERTY",
    message: expect.stringContaining(`Stack/Bad: ${property} must be ${message}`),
    details: { resource: "Stack/Bad", property },
  });

describe("AWS::IAM::Role", () => {
  it("lists the properties it reads", () => {
    expect(setup().provider("AWS::IAM::Role").properties).toEqual([
      "AssumeRolePolicyDocument",
      "RoleName",
      "Path",
      "ManagedPolicyArns",
      "Policies",
      "Description",
      "MaxSessionDuration",
      "Tags",
    ]);
  });

  it("honours RoleName, Path, inline Policies (object or JSON string) and ManagedPolicyArns", async () => {
    const { state, create } = setup();
    const created = await create("AWS::IAM::Role", "Fn", {
      AssumeRolePolicyDocument: JSON.stringify(trust),
      RoleName: "fn",
      Path: "/team/",
      Policies: [{ PolicyName: "get", PolicyDocument: allowGet }],
      ManagedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    });
    const arn = `arn:aws:iam::${A}:role/team/fn`;
    expect(created).toEqual({ ref: "fn", attributes: { Arn: arn, RoleId: state.role(arn)?.roleId } });
    const names = state.identityPoliciesFor(rolePrincipal(arn, "s")).map((p) => p.name);
    expect(names).toEqual([
      `identity:${arn}#get`,
      "identity:arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ]);
    expect(state.trustPolicyFor(arn)?.allows).toHaveLength(1);
  });

  it("refuses malformed properties, naming the property and what it must be", async () => {
    const { create } = setup();
    const bad = (properties: Record<string, unknown>) =>
      create("AWS::IAM::Role", "Bad", { AssumeRolePolicyDocument: trust, ...properties });
    await expect(bad({ RoleName: "" })).rejects.toThrow(invalid("RoleName", "a non-empty string"));
    await expect(bad({ RoleName: 7 })).rejects.toThrow(invalid("RoleName", "a non-empty string"));
    await expect(bad({ Policies: "x" })).rejects.toThrow(invalid("Policies", "a list"));
    await expect(bad({ Policies: [null] })).rejects.toThrow(invalid("Policies[0]", "an object"));
    await expect(bad({ Policies: ["x"] })).rejects.toThrow(invalid("Policies[0]", "an object"));
    await expect(bad({ Policies: [{ PolicyDocument: allowGet }] })).rejects.toThrow(
      invalid("Policies[0].PolicyName", "a string"),
    );
    await expect(bad({ Policies: [{ PolicyName: "p", PolicyDocument: "{" }] })).rejects.toThrow(
      invalid("Policies[0].PolicyDocument", "a policy document (JSON)"),
    );
    await expect(
      bad({ Policies: [{ PolicyName: "p", PolicyDocument: { Version: "2012-10-17" } }] }),
    ).rejects.toThrow(invalid("Policies[0].PolicyDocument", "a policy document with a Statement"));
    await expect(bad({ Policies: [{ PolicyName: "p", PolicyDocument: null }] })).rejects.toThrow(
      invalid("Policies[0].PolicyDocument", "a policy document with a Statement"),
    );
    await expect(bad({ ManagedPolicyArns: [1] })).rejects.toThrow(
      invalid("ManagedPolicyArns[0]", "a string"),
    );
    await expect(bad({ AssumeRolePolicyDocument: 5 })).rejects.toThrow(
      invalid("AssumeRolePolicyDocument", "a policy document with a Statement"),
    );
  });
});

describe("AWS::IAM::Policy", () => {
  it("puts the policy on each role by name and returns a generated id", async () => {
    const { state, create, provider } = setup();
    expect(provider("AWS::IAM::Policy").properties).toEqual(["PolicyName", "PolicyDocument", "Roles"]);
    await create("AWS::IAM::Role", "Fn", { AssumeRolePolicyDocument: trust, RoleName: "fn" });
    const created = await create("AWS::IAM::Policy", "FnPolicyDEADBEEF", {
      PolicyName: "inline",
      PolicyDocument: allowGet,
      Roles: ["fn"],
    });
    expect(created.ref).toMatch(/^Stack-FnPol-[A-Z0-9]{12}$/);
    expect(created.attributes).toEqual({ Id: created.ref });
    const policies = state.identityPoliciesFor(rolePrincipal(`arn:aws:iam::${A}:role/fn`, "s"));
    expect(policies.map((p) => p.name)).toEqual([`identity:arn:aws:iam::${A}:role/fn#inline`]);
    await expect(create("AWS::IAM::Policy", "Bad", { PolicyDocument: allowGet, Roles: [] })).rejects.toThrow(
      invalid("PolicyName", "a non-empty string"),
    );
  });
});

describe("AWS::IAM::ManagedPolicy", () => {
  it("creates the policy (named or generated, with a path) and attaches it to its Roles", async () => {
    const { state, create, provider } = setup();
    expect(provider("AWS::IAM::ManagedPolicy").properties).toEqual([
      "PolicyDocument",
      "ManagedPolicyName",
      "Path",
      "Description",
      "Roles",
    ]);
    await create("AWS::IAM::Role", "Fn", { AssumeRolePolicyDocument: trust, RoleName: "fn" });
    const named = await create("AWS::IAM::ManagedPolicy", "Named", {
      PolicyDocument: allowGet,
      ManagedPolicyName: "reader",
      Path: "/team/",
      Roles: ["fn"],
    });
    const arn = `arn:aws:iam::${A}:policy/team/reader`;
    expect(named).toEqual({
      ref: arn,
      attributes: {
        PolicyArn: arn,
        PolicyId: expect.stringMatching(/^ANPA[A-Z0-9]{17}$/),
        DefaultVersionId: "v1",
        AttachmentCount: 1,
        IsAttachable: true,
      },
    });
    const generated = await create("AWS::IAM::ManagedPolicy", "Gen", { PolicyDocument: allowGet });
    expect(generated.ref).toMatch(new RegExp(`^arn:aws:iam::${A}:policy/Stack-Gen-[A-Z0-9]{12}$`));
    expect(generated.attributes?.AttachmentCount).toBe(0);
    const policies = state.identityPoliciesFor(rolePrincipal(`arn:aws:iam::${A}:role/fn`, "s"));
    expect(policies.map((p) => p.name)).toEqual([`identity:${arn}`]);
  });
});
