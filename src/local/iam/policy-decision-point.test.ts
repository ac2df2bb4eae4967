import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile-policy.js";
import { IamState } from "./iam-state.js";
import { PolicyDecisionPoint } from "./policy-decision-point.js";
import { rolePrincipal } from "./principals.js";
import type { AuthorizationRequest, PolicyDocument } from "./types.js";

const A = "111111111111";
const trust: PolicyDocument = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const queue = `arn:aws:sqs:eu-central-1:${A}:q`;

function setup() {
  const state = new IamState();
  const role = state.addRole({
    account: A,
    name: "fn",
    assumeRolePolicy: trust,
    inlinePolicies: {
      P: { Statement: [{ Sid: "Send", Effect: "Allow", Action: "sqs:SendMessage", Resource: queue }] },
    },
  });
  const request: AuthorizationRequest = {
    principal: rolePrincipal(role.arn, "fn"),
    action: "sqs:SendMessage",
    resource: queue,
    resourceAccount: A,
    context: {},
  };
  return { state, pdp: new PolicyDecisionPoint(state), request };
}

describe("PolicyDecisionPoint", () => {
  it("combines the caller's identity policies from the IAM state with the resource policy", () => {
    const { pdp, request } = setup();
    expect(pdp.authorize(request)).toMatchObject({ allowed: true, statements: [{ sid: "Send" }] });
    const deny = pdp.resourcePolicy(
      { Statement: [{ Sid: "Closed", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: "*" }] },
      `resource:${queue}`,
    );
    expect(pdp.authorize(request, deny)).toMatchObject({
      allowed: false,
      reason: "explicit-deny",
      statements: [{ sid: "Closed" }],
    });
  });

  it("compiles a resource policy once per document object and name", () => {
    const { pdp } = setup();
    const doc: PolicyDocument = {
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" }],
    };
    const first = pdp.resourcePolicy(doc, "resource:q");
    expect(pdp.resourcePolicy(doc, "resource:q")).toBe(first);
    expect(pdp.resourcePolicy({ ...doc }, "resource:q")).not.toBe(first);
    expect(pdp.resourcePolicy(doc, "resource:other").name).toBe("resource:other");
  });

  it("decides against a resource policy compiled once per document, whatever the request's resource", () => {
    const { pdp, request } = setup();
    const doc: PolicyDocument = {
      Statement: [{ Sid: "Any", Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" }],
    };
    const compiled = pdp.resourcePolicy(doc, "resource");
    for (let n = 0; n < 1000; n++) {
      const decision = pdp.decide(
        { ...request, resource: `${queue}-${n}`, action: "sqs:ReceiveMessage" },
        doc,
      );
      expect(decision.statements).toEqual([{ policy: "resource", sid: "Any", effect: "Allow" }]);
    }
    expect(pdp.resourcePolicy(doc, "resource")).toBe(compiled);
    expect(pdp.decide({ ...request, action: "sqs:ReceiveMessage" })).toMatchObject({ allowed: false });
  });

  it("compiling is separate from evaluating: one compiled policy serves many decisions unchanged", () => {
    const { pdp, request } = setup();
    const compiled = compilePolicy(
      {
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "sqs:*",
            Resource: "arn:aws:sqs:*:*:q*",
            Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
          },
        ],
      },
      "resource:q",
    );
    const snapshot = JSON.stringify(compiled);
    const decisions = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      decisions.add(JSON.stringify(pdp.authorize({ ...request, resource: `${queue}${i % 3}` }, compiled)));
    }
    expect(decisions.size).toBe(1);
    expect(JSON.stringify(compiled)).toBe(snapshot);
    expect(Object.isFrozen(compiled)).toBe(true);
  });
});

describe("PolicyDecisionPoint.authorizeAssumeRole (the role's trust policy must allow)", () => {
  const admin = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } as const;

  it("lets the trusted service assume the role and refuses an administrator the trust policy does not name", () => {
    const { state, pdp } = setup();
    const fn = state.roleByName(A, "fn");
    const adminRole = state.addRole({
      account: A,
      name: "admin",
      assumeRolePolicy: trust,
      inlinePolicies: { admin },
    });
    if (fn === undefined) throw new Error("role fn missing");
    expect(
      pdp.authorizeAssumeRole({ kind: "service", service: "lambda.amazonaws.com" }, fn.arn),
    ).toMatchObject({
      allowed: true,
      statements: [{ policy: `trust:${fn.arn}` }],
    });
    expect(pdp.authorizeAssumeRole(rolePrincipal(adminRole.arn, "s"), fn.arn)).toMatchObject({
      allowed: false,
      reason: "resource-policy-missing",
    });
  });

  it("a trust policy naming the account needs the caller's identity Allow, and governs sts:TagSession; an unknown role is refused", () => {
    const { state, pdp } = setup();
    const target = state.addRole({
      account: A,
      name: "target",
      assumeRolePolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" },
        ],
      },
    });
    const silent = state.addRole({ account: A, name: "silent", assumeRolePolicy: trust });
    const admin2 = state.addRole({
      account: A,
      name: "admin2",
      assumeRolePolicy: trust,
      inlinePolicies: { admin },
    });
    expect(pdp.authorizeAssumeRole(rolePrincipal(admin2.arn, "s"), target.arn)).toMatchObject({
      allowed: true,
    });
    expect(pdp.authorizeAssumeRole(rolePrincipal(silent.arn, "s"), target.arn)).toMatchObject({
      allowed: false,
      reason: "implicit-deny",
    });
    expect(
      pdp.authorizeAssumeRole(rolePrincipal(admin2.arn, "s"), target.arn, {}, "sts:TagSession").allowed,
    ).toBe(false);
    expect(pdp.authorizeAssumeRole(rolePrincipal(admin2.arn, "s"), `arn:aws:iam::${A}:role/nope`)).toEqual({
      allowed: false,
      reason: "resource-policy-missing",
      statements: [],
    });
  });
});
