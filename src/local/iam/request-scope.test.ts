import { afterEach, describe, expect, it, vi } from "vitest";
import { roleIdFor } from "./iam-ids.js";
import { A, request, roleA } from "./policy.test-support.js";
import { rootPrincipal } from "./principals.js";
import { RequestScope } from "./request-scope.js";
import type { Principal } from "./types.js";

const scopeOf = (principal: Principal, context: Record<string, string | number | boolean> = {}) =>
  new RequestScope(request(principal, "S3:GetObject", "arn:aws:s3:::b", A, context));

describe("RequestScope: the global keys AWS derives from the principal and the clock", () => {
  afterEach(() => vi.useRealTimers());

  it("an assumed-role session: PrincipalArn (the role), PrincipalAccount, PrincipalType, userid", () => {
    const scope = scopeOf(roleA);
    expect(scope.action).toBe("s3:getobject");
    expect(scope.get("aws:principalarn")).toBe(roleA.arn);
    expect(scope.get("aws:principalaccount")).toBe(A);
    expect(scope.get("aws:principaltype")).toBe("AssumedRole");
    expect(scope.get("aws:userid")).toBe(`${roleIdFor(roleA.arn)}:session-1`);
    expect(scope.get("aws:principalservicename")).toBeUndefined();
    expect(scope.get("aws:principalisawsservice")).toBe(false);
  });

  it("the root user: its ARN, account and type Account; its userid is the account", () => {
    const root = rootPrincipal(A);
    const scope = scopeOf(root);
    expect(scope.get("aws:principalarn")).toBe(`arn:aws:iam::${A}:root`);
    expect(scope.get("aws:principalaccount")).toBe(A);
    expect(scope.get("aws:principaltype")).toBe("Account");
    expect(scope.get("aws:userid")).toBe(A);
  });

  it("a service principal: its name and aws:PrincipalIsAWSService, no ARN, account or type", () => {
    const scope = scopeOf({ kind: "service", service: "lambda.amazonaws.com" });
    expect(scope.get("aws:principalservicename")).toBe("lambda.amazonaws.com");
    expect(scope.get("aws:principalisawsservice")).toBe(true);
    for (const key of ["aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:userid"])
      expect(scope.get(key), key).toBeUndefined();
  });

  it("an anonymous caller: type Anonymous, userid anonymous, nothing else", () => {
    const scope = scopeOf({ kind: "anonymous" });
    expect(scope.get("aws:principaltype")).toBe("Anonymous");
    expect(scope.get("aws:userid")).toBe("anonymous");
    expect(scope.get("aws:principalarn")).toBeUndefined();
    expect(scope.get("aws:principalaccount")).toBeUndefined();
    expect(scope.get("aws:principalservicename")).toBeUndefined();
  });

  it("the clock gives aws:CurrentTime and aws:EpochTime when the caller stamps none", () => {
    vi.useFakeTimers({ now: new Date("2024-06-01T12:00:00.500Z") });
    const scope = scopeOf(roleA);
    expect(scope.get("aws:currenttime")).toBe("2024-06-01T12:00:00.500Z");
    expect(scope.get("aws:epochtime")).toBe(1717243200);
    expect(scope.get("aws:sourceip")).toBeUndefined();
  });

  it("keys the caller stamps win, whatever their case", () => {
    const scope = scopeOf(roleA, {
      "AWS:CurrentTime": "2020-01-01T00:00:00Z",
      "aws:PrincipalType": "Custom",
    });
    expect(scope.get("aws:currenttime")).toBe("2020-01-01T00:00:00Z");
    expect(scope.get("aws:principaltype")).toBe("Custom");
  });
});
