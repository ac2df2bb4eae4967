import { describe, expect, it } from "vitest";
import type { AuthorizationRequest, Decision, Principal } from "../../../../iam/types.js";
import { denialMessage } from "./authorize-resource-policy.js";

const RESOURCE = "arn:aws:execute-api:eu-central-1:222222222222:abcde12345/v1/GET/orders";
const ask = (principal: Principal): AuthorizationRequest => ({
  principal,
  action: "execute-api:Invoke",
  resource: RESOURCE,
  resourceAccount: "222222222222",
  context: {},
});
const head = (user: string) =>
  `User: ${user} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-central-1:********2222:abcde12345/v1/GET/orders`;
const denied = (policy: string): Decision => ({
  allowed: false,
  reason: "explicit-deny",
  statements: [
    { policy: "resource:x", effect: "Allow" },
    { policy, effect: "Deny" },
  ],
});

describe("denialMessage: AWS's wording, per principal and deciding policy", () => {
  it("names the caller as AWS does: session ARN, root ARN, service, anonymous", () => {
    const implicit: Decision = { allowed: false, reason: "implicit-deny", statements: [] };
    const role: Principal = {
      kind: "role",
      account: "111111111111",
      arn: "arn:aws:iam::111111111111:role/r",
      sessionArn: "arn:aws:sts::111111111111:assumed-role/r/s",
      roleName: "r",
    };
    expect(denialMessage(ask(role), implicit)).toBe(head("arn:aws:sts::111111111111:assumed-role/r/s"));
    expect(
      denialMessage(
        ask({ kind: "root", account: "111111111111", arn: "arn:aws:iam::111111111111:root" }),
        implicit,
      ),
    ).toBe(head("arn:aws:iam::111111111111:root"));
    expect(denialMessage(ask({ kind: "service", service: "events.amazonaws.com" }), implicit)).toBe(
      head("events.amazonaws.com"),
    );
    expect(denialMessage(ask({ kind: "anonymous" }), implicit)).toBe(head("anonymous"));
  });

  it("says which kind of policy held the explicit deny, from the deciding Deny statement", () => {
    const anonymous: Principal = { kind: "anonymous" };
    expect(denialMessage(ask(anonymous), denied("identity:arn:aws:iam::1:role/r#p"))).toBe(
      `${head("anonymous")} with an explicit deny in an identity-based policy`,
    );
    expect(denialMessage(ask(anonymous), denied("resource:arn"))).toBe(
      `${head("anonymous")} with an explicit deny in a resource-based policy`,
    );
  });
});
