import { describe, expect, it } from "vitest";
import { compilePrincipal, exemptByNotPrincipal, matchPrincipal } from "./principal-match.js";
import { rolePrincipal, rootPrincipal } from "./principals.js";
import type { PolicyStatement, Principal } from "./types.js";

const A = "111122223333";
const role = rolePrincipal(`arn:aws:iam::${A}:role/app`, "s1");
const root = rootPrincipal(A);
const lambda: Principal = { kind: "service", service: "lambda.amazonaws.com" };
const anonymous: Principal = { kind: "anonymous" };

function compiled(element: NonNullable<PolicyStatement["Principal"]>) {
  const issues: string[] = [];
  return { principal: compilePrincipal(element, issues), issues };
}

describe("compilePrincipal", () => {
  it("sorts AWS values into accounts (id or root ARN), roles and sessions; * is everyone", () => {
    const { principal, issues } = compiled({
      AWS: [A, "arn:aws:iam::444455556666:root", role.arn, "arn:aws:sts::777788889999:assumed-role/r/s", "*"],
    });
    expect(issues).toEqual([]);
    expect(principal.everyone).toBe(true);
    expect([...principal.accounts]).toEqual([A, "444455556666"]);
    expect([...principal.roleArns]).toEqual([role.arn]);
    expect([...principal.sessionArns]).toEqual(["arn:aws:sts::777788889999:assumed-role/r/s"]);
    expect(compiled("*").principal.everyone).toBe(true);
    expect(compiled({ AWS: A }).principal.everyone).toBe(false);
  });

  it("IAM users match nothing and are not reported; unreadable values and other types are reported", () => {
    const { principal, issues } = compiled({
      AWS: [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws-cn:iam::111122223333:user/path/bob",
        7 as unknown as string,
        "AROAEXAMPLEID",
        `x${A}`,
        `${A}0`,
        `xarn:aws:iam::${A}:root`,
        `arn:aws:iam::${A}:rootx`,
        `xarn:aws:iam::${A}:role/r`,
        `xarn:aws:sts::${A}:assumed-role/r/s`,
        `xarn:aws:iam::${A}:user/u`,
        `arn:aws:iam::${A}:user/`,
        "arn:aws:iam::1234:user/u",
        `arn:aws:sts::${A}:assumed-role/r`,
      ],
      Service: ["lambda.amazonaws.com", 3 as unknown as string],
      Federated: "cognito-identity.amazonaws.com",
    } as never);
    expect(issues).toEqual([
      "Principal.AWS 7",
      'Principal.AWS "AROAEXAMPLEID"',
      `Principal.AWS "x${A}"`,
      `Principal.AWS "${A}0"`,
      `Principal.AWS "xarn:aws:iam::${A}:root"`,
      `Principal.AWS "arn:aws:iam::${A}:rootx"`,
      `Principal.AWS "xarn:aws:iam::${A}:role/r"`,
      `Principal.AWS "xarn:aws:sts::${A}:assumed-role/r/s"`,
      `Principal.AWS "xarn:aws:iam::${A}:user/u"`,
      `Principal.AWS "arn:aws:iam::${A}:user/"`,
      'Principal.AWS "arn:aws:iam::1234:user/u"',
      `Principal.AWS "arn:aws:sts::${A}:assumed-role/r"`,
      "Principal.Service 3",
      "Principal.Federated",
    ]);
    expect(principal.accounts.size + principal.roleArns.size + principal.sessionArns.size).toBe(0);
    expect([...principal.services]).toEqual(["lambda.amazonaws.com"]);
  });
});

describe("matchPrincipal: how strongly a Principal names the caller", () => {
  it("role: by role or session ARN specific, by account account, else none", () => {
    expect(matchPrincipal(compiled({ AWS: role.arn }).principal, role)).toBe("specific");
    expect(matchPrincipal(compiled({ AWS: role.sessionArn }).principal, role)).toBe("specific");
    expect(matchPrincipal(compiled({ AWS: A }).principal, role)).toBe("account");
    expect(matchPrincipal(compiled({ AWS: "444455556666" }).principal, role)).toBe("none");
    expect(matchPrincipal(compiled("*").principal, role)).toBe("specific");
  });

  it("root: by account only; service: by name; anonymous: only by *", () => {
    expect(matchPrincipal(compiled({ AWS: A }).principal, root)).toBe("account");
    expect(matchPrincipal(compiled({ AWS: role.arn }).principal, root)).toBe("none");
    expect(matchPrincipal(compiled({ Service: "lambda.amazonaws.com" }).principal, lambda)).toBe("specific");
    expect(matchPrincipal(compiled({ Service: "sns.amazonaws.com" }).principal, lambda)).toBe("none");
    expect(matchPrincipal(compiled({ AWS: A }).principal, anonymous)).toBe("none");
    expect(matchPrincipal(compiled("*").principal, anonymous)).toBe("specific");
  });
});

describe("exemptByNotPrincipal", () => {
  it("a session is exempt only with its account and its role or session listed", () => {
    expect(exemptByNotPrincipal(compiled({ AWS: [A, role.arn] }).principal, role)).toBe(true);
    expect(exemptByNotPrincipal(compiled({ AWS: [A, role.sessionArn] }).principal, role)).toBe(true);
    expect(exemptByNotPrincipal(compiled({ AWS: [role.arn] }).principal, role)).toBe(false);
    expect(exemptByNotPrincipal(compiled({ AWS: [A] }).principal, role)).toBe(false);
  });

  it("root by its account, a service by name, anonymous never; * exempts everyone", () => {
    expect(exemptByNotPrincipal(compiled({ AWS: A }).principal, root)).toBe(true);
    expect(exemptByNotPrincipal(compiled({ AWS: "444455556666" }).principal, root)).toBe(false);
    expect(exemptByNotPrincipal(compiled({ Service: "lambda.amazonaws.com" }).principal, lambda)).toBe(true);
    expect(exemptByNotPrincipal(compiled({ Service: "sns.amazonaws.com" }).principal, lambda)).toBe(false);
    expect(exemptByNotPrincipal(compiled({ AWS: A }).principal, anonymous)).toBe(false);
    for (const caller of [role, root, lambda, anonymous])
      expect(exemptByNotPrincipal(compiled("*").principal, caller)).toBe(true);
  });
});

// Principal values are strings: an account id, an ARN or "*".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
describe("Principal values that are not strings", () => {
  it("an account id written as a JSON number is reported and names no account", () => {
    const { principal, issues } = compiled({ AWS: [111122223333 as unknown as string] });
    expect(issues).toEqual(["Principal.AWS 111122223333"]);
    expect(principal.accounts.size).toBe(0);
    expect(matchPrincipal(principal, rootPrincipal(A))).toBe("none");
    expect(matchPrincipal(principal, role)).toBe("none");
  });

  it('Principal "*" compiles without issues', () => {
    const { principal, issues } = compiled("*");
    expect(issues).toEqual([]);
    expect(principal.everyone).toBe(true);
  });
});
