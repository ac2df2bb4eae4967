import { describe, expect, it } from "vitest";
import { generatedName, policyIdFor, roleIdFor } from "./iam-ids.js";
import { rolePrincipal, rootPrincipal } from "./principals.js";

describe("rolePrincipal and rootPrincipal", () => {
  it("builds the session of a role, paths included, in any partition", () => {
    expect(rolePrincipal("arn:aws-cn:iam::111122223333:role/team/app", "s")).toEqual({
      kind: "role",
      account: "111122223333",
      arn: "arn:aws-cn:iam::111122223333:role/team/app",
      roleName: "app",
      sessionArn: "arn:aws-cn:sts::111122223333:assumed-role/app/s",
    });
  });

  it("refuses what is not a role ARN with IAM_INVALID_ROLE_ARN, naming it", () => {
    for (const bad of [
      "xarn:aws:iam::111122223333:role/app",
      "arn:aws:iam::111122223333:role/app/",
      "arn:aws:iam::111122223333:role//app",
      "arn:aws:iam::11112222333:role/app",
      "arn::iam::111122223333:role/app",
      "arn:aws:iam::111122223333:user/app",
    ]) {
      expect(() => rolePrincipal(bad, "s"), bad).toThrow(
        expect.objectContaining({
          code: "IAM_INVALID_ROLE_ARN",
          message: `Not an IAM role ARN: ${JSON.stringify(bad)}. Expected arn:aws:iam::<12-digit account>:role/<name>.`,
          details: { roleArn: bad },
        }),
      );
    }
  });

  it("the root principal of an account; refuses a malformed account", () => {
    expect(rootPrincipal("111122223333")).toEqual({
      kind: "root",
      account: "111122223333",
      arn: "arn:aws:iam::111122223333:root",
    });
    expect(() => rootPrincipal("1234")).toThrow(/account/);
    expect(() => rootPrincipal("1234")).toThrow("account must be a 12-digit AWS account id");
  });
});

describe("IAM ids", () => {
  it("role and policy ids: prefix + 17 upper-case characters, stable per ARN, different per ARN and kind", () => {
    const arn = "arn:aws:iam::111122223333:role/app";
    expect(roleIdFor(arn)).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(roleIdFor(arn)).toBe(roleIdFor(arn));
    expect(roleIdFor(arn)).not.toBe(roleIdFor(`${arn}2`));
    expect(policyIdFor(arn)).toMatch(/^ANPA[A-Z0-9]{17}$/);
    expect(policyIdFor(arn).slice(4)).not.toBe(roleIdFor(arn).slice(4));
    expect(policyIdFor(arn)).not.toBe(policyIdFor(`${arn}2`));
  });

  it("generated names: <stack>-<logical id>-<12 upper-case characters>, per account, stack and logical id", () => {
    const name = generatedName("Stack", "Role", "111122223333", 64);
    expect(name).toMatch(/^Stack-Role-[A-Z0-9]{12}$/);
    expect(generatedName("Stack", "Role", "444455556666", 64)).not.toBe(name);
    expect(generatedName("Stack", "Role2", "111122223333", 64).slice(-12)).not.toBe(name.slice(-12));
    expect(generatedName("Stack2", "Role", "111122223333", 64).slice(-12)).not.toBe(name.slice(-12));
  });
});
