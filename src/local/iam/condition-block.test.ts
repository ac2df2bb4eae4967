// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
import { describe, expect, it } from "vitest";
import { compileCondition, conditionHolds } from "./condition-block.js";
import type { VariableScope } from "./policy-variables.js";
import type { ContextValue } from "./types.js";

/** Compiles a Condition element and evaluates it against a context (keys any case, as in requests). */
function holds(
  condition: Record<string, Record<string, unknown>>,
  context: Record<string, ContextValue>,
): boolean {
  const issues: string[] = [];
  const entries = compileCondition(condition, issues, new Set());
  expect(issues).toEqual([]);
  const lowered = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  const scope: VariableScope = { get: (key) => lowered.get(key) };
  return conditionHolds(entries, scope);
}

function issuesOf(condition: unknown): string[] {
  const issues: string[] = [];
  compileCondition(condition, issues, new Set());
  return issues;
}

describe("string operators", () => {
  it("StringEquals is exact and case-sensitive; several values OR", () => {
    const c = { StringEquals: { "aws:PrincipalTag/department": ["HR", "Finance"] } };
    expect(holds(c, { "aws:PrincipalTag/department": "Finance" })).toBe(true);
    expect(holds(c, { "aws:PrincipalTag/department": "finance" })).toBe(false);
    expect(holds(c, {})).toBe(false);
  });

  it("StringNotEquals is a NOR over the values and matches a missing key", () => {
    const c = { StringNotEquals: { "aws:PrincipalTag/department": ["HR", "Finance"] } };
    expect(holds(c, { "aws:PrincipalTag/department": "HR" })).toBe(false);
    expect(holds(c, { "aws:PrincipalTag/department": "IT" })).toBe(true);
    expect(holds(c, {})).toBe(true);
  });

  it("a Deny on StringNotEquals aws:SourceVpce applies to a request that carries no endpoint", () => {
    const c = { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } };
    expect(holds(c, {})).toBe(true);
    expect(holds(c, { "aws:SourceVpce": "vpce-other" })).toBe(true);
    expect(holds(c, { "aws:SourceVpce": "vpce-1a2b3c4d" })).toBe(false);
  });

  it("context keys are case-insensitive", () => {
    expect(holds({ StringEquals: { "AWS:SOURCEVPCE": "vpce-1" } }, { "aws:SourceVpce": "vpce-1" })).toBe(
      true,
    );
  });

  it("StringEqualsIgnoreCase / StringNotEqualsIgnoreCase ignore case", () => {
    expect(holds({ StringEqualsIgnoreCase: { "aws:username": "ANA" } }, { "aws:username": "ana" })).toBe(
      true,
    );
    expect(holds({ StringNotEqualsIgnoreCase: { "aws:username": "ANA" } }, { "aws:username": "ana" })).toBe(
      false,
    );
  });

  it("StringLike and StringNotLike use * and ? wildcards", () => {
    const like = { StringLike: { "s3:prefix": ["home/${aws:username}/*", "public/?"] } };
    expect(holds(like, { "s3:prefix": "home/ana/docs", "aws:username": "ana" })).toBe(true);
    expect(holds(like, { "s3:prefix": "home/bob/docs", "aws:username": "ana" })).toBe(false);
    expect(holds(like, { "s3:prefix": "public/a" })).toBe(true);
    expect(holds({ StringNotLike: { "s3:prefix": "home/*" } }, { "s3:prefix": "home/x" })).toBe(false);
    expect(holds({ StringNotLike: { "s3:prefix": "home/*" } }, {})).toBe(true);
  });

  it("a condition value whose policy variable has no value matches nothing", () => {
    const c = { StringEquals: { "aws:PrincipalTag/project": "${aws:ResourceTag/project}" } };
    expect(holds(c, { "aws:PrincipalTag/project": "x", "aws:ResourceTag/project": "x" })).toBe(true);
    expect(holds(c, { "aws:PrincipalTag/project": "x" })).toBe(false);
    const negated = { StringNotEquals: { "aws:PrincipalTag/project": "${aws:ResourceTag/project}" } };
    expect(holds(negated, { "aws:PrincipalTag/project": "x" })).toBe(true);
  });
});

describe("ARN operators", () => {
  const arn = "arn:aws:cloudwatch:us-east-2:111122223333:alarm:high-cpu";
  it("ArnLike matches each component on its own", () => {
    expect(
      holds(
        { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-2:*:alarm:*" } },
        { "aws:SourceArn": arn },
      ),
    ).toBe(true);
    expect(
      holds({ ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:*:alarm:*" } }, { "aws:SourceArn": arn }),
    ).toBe(false);
    expect(holds({ ArnEquals: { "aws:SourceArn": arn } }, { "aws:SourceArn": arn })).toBe(true);
  });

  it("ArnNotEquals / ArnNotLike match a missing key", () => {
    expect(holds({ ArnNotEquals: { "aws:PrincipalArn": arn } }, {})).toBe(true);
    expect(
      holds(
        { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin" } },
        { "aws:PrincipalArn": "arn:aws:iam::1:role/admin" },
      ),
    ).toBe(false);
  });
});

describe("Bool, Null, Numeric, Date, IpAddress", () => {
  it("Bool compares true/false, a missing key does not match", () => {
    const c = { Bool: { "aws:SecureTransport": "false" } };
    expect(holds(c, { "aws:SecureTransport": false })).toBe(true);
    expect(holds(c, { "aws:SecureTransport": "true" })).toBe(false);
    expect(holds(c, {})).toBe(false);
    expect(holds({ BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, {})).toBe(true);
  });

  it("Null true means the key is absent, false that it is present", () => {
    expect(holds({ Null: { "aws:TokenIssueTime": "true" } }, {})).toBe(true);
    expect(
      holds({ Null: { "aws:TokenIssueTime": "true" } }, { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }),
    ).toBe(false);
    expect(
      holds({ Null: { "aws:TokenIssueTime": "false" } }, { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" }),
    ).toBe(true);
  });

  it("Numeric operators compare numbers", () => {
    expect(holds({ NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" })).toBe(true);
    expect(holds({ NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": 10 })).toBe(false);
    expect(holds({ NumericGreaterThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" })).toBe(true);
    expect(holds({ NumericGreaterThanEquals: { "s3:max-keys": 10 } }, { "s3:max-keys": "9" })).toBe(false);
    expect(holds({ NumericEquals: { "s3:max-keys": "10.0" } }, { "s3:max-keys": "10" })).toBe(true);
    expect(holds({ NumericNotEquals: { "s3:max-keys": ["1", "2"] } }, { "s3:max-keys": "3" })).toBe(true);
    expect(holds({ NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "ten" })).toBe(false);
  });

  it("Date operators read ISO 8601 and epoch seconds", () => {
    const now = { "aws:CurrentTime": "2024-06-01T12:00:00Z" };
    expect(holds({ DateGreaterThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } }, now)).toBe(true);
    expect(holds({ DateLessThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } }, now)).toBe(false);
    expect(holds({ DateLessThanEquals: { "aws:CurrentTime": "1717243200" } }, now)).toBe(true);
    expect(
      holds(
        { DateGreaterThanEquals: { "aws:EpochTime": "2024-06-01T12:00:00Z" } },
        { "aws:EpochTime": 1717243200 },
      ),
    ).toBe(true);
    expect(holds({ DateEquals: { "aws:CurrentTime": "2024-06-01T12:00:00Z" } }, now)).toBe(true);
    expect(holds({ DateNotEquals: { "aws:CurrentTime": "2024-06-01T12:00:00Z" } }, now)).toBe(false);
  });

  it("IpAddress / NotIpAddress test IPv4 CIDR blocks", () => {
    const c = { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.7"] } };
    expect(holds(c, { "aws:SourceIp": "203.0.113.200" })).toBe(true);
    expect(holds(c, { "aws:SourceIp": "198.51.100.7" })).toBe(true);
    expect(holds(c, { "aws:SourceIp": "198.51.100.8" })).toBe(false);
    expect(holds({ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "10.1.2.3" })).toBe(
      false,
    );
    expect(holds({ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "192.168.0.1" })).toBe(
      true,
    );
  });
});

describe("IfExists", () => {
  const c = { StringLikeIfExists: { "ec2:InstanceType": ["t1.*", "t2.*", "m3.*"] } };
  it("passes when the key is absent and tests it when present", () => {
    expect(holds(c, {})).toBe(true);
    expect(holds(c, { "ec2:InstanceType": "t2.micro" })).toBe(true);
    expect(holds(c, { "ec2:InstanceType": "m4.large" })).toBe(false);
  });
  it("on a negated operator, the present key is still tested", () => {
    expect(
      holds({ StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-1" } }, { "aws:SourceVpce": "vpce-1" }),
    ).toBe(false);
    expect(holds({ StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-1" } }, {})).toBe(true);
  });
});

describe("set operators", () => {
  const tags = (...keys: string[]) => ({ "aws:TagKeys": keys });
  it("ForAllValues: every request value must match a policy value; no values → true", () => {
    const c = { "ForAllValues:StringEquals": { "aws:TagKeys": ["Key1", "Key2"] } };
    expect(holds(c, tags("Key1"))).toBe(true);
    expect(holds(c, tags("Key1", "Key2"))).toBe(true);
    expect(holds(c, tags("Key1", "Key3"))).toBe(false);
    expect(holds(c, tags())).toBe(true);
    expect(holds(c, {})).toBe(true);
  });

  it("ForAnyValue: at least one request value must match; no values → false", () => {
    const c = { "ForAnyValue:StringEquals": { "aws:TagKeys": ["Key1", "Key2"] } };
    expect(holds(c, tags("Key3", "Key2"))).toBe(true);
    expect(holds(c, tags("Key3"))).toBe(false);
    expect(holds(c, {})).toBe(false);
    expect(holds({ "ForAnyValue:StringEqualsIfExists": { "aws:TagKeys": "Key1" } }, {})).toBe(true);
  });

  it("ForAnyValue:StringNotEquals: true when some request value matches no policy value", () => {
    const c = { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["Key1", "Key2"] } };
    expect(holds(c, tags("Key1", "Key3"))).toBe(true);
    expect(holds(c, tags("Key1", "Key2"))).toBe(false);
  });

  it("ForAllValues:StringNotEquals: true when no request value matches a policy value", () => {
    const c = { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["Key1"] } };
    expect(holds(c, tags("Key2", "Key3"))).toBe(true);
    expect(holds(c, tags("Key1", "Key3"))).toBe(false);
  });

  it("ForAllValues:StringLike with wildcards", () => {
    const c = { "ForAllValues:StringLike": { "aws:TagKeys": "Created*" } };
    expect(holds(c, tags("CreatedBy", "CreatedAt"))).toBe(true);
    expect(holds(c, tags("CreatedBy", "Owner"))).toBe(false);
  });
});

describe("AND / OR", () => {
  it("operators and keys AND together", () => {
    const c = {
      StringEquals: { "aws:PrincipalTag/role": "audit", "aws:PrincipalAccount": "111111111111" },
      Bool: { "aws:SecureTransport": "true" },
    };
    const ok = {
      "aws:PrincipalTag/role": "audit",
      "aws:PrincipalAccount": "111111111111",
      "aws:SecureTransport": true,
    };
    expect(holds(c, ok)).toBe(true);
    expect(holds(c, { ...ok, "aws:SecureTransport": false })).toBe(false);
    expect(holds(c, { ...ok, "aws:PrincipalAccount": "222222222222" })).toBe(false);
  });
});

describe("what cannot be honoured", () => {
  it("reports unknown operators, Null with a set operator, and unreadable values by name", () => {
    expect(issuesOf({ StringFuzzy: { a: "b" } })).toEqual(["StringFuzzy"]);
    expect(issuesOf({ "ForAnyValue:Null": { a: "true" } })).toEqual(["ForAnyValue:Null"]);
    expect(issuesOf({ NullIfExists: { a: "true" } })).toEqual(["NullIfExists"]);
    expect(issuesOf({ IpAddress: { "aws:SourceIp": "10.0.0.0/33" } })).toEqual([
      'IpAddress value "10.0.0.0/33"',
    ]);
    expect(issuesOf({ IpAddress: { "aws:SourceIp": "2001:db8::/129" } })).toEqual([
      'IpAddress value "2001:db8::/129"',
    ]);
    expect(issuesOf({ DateLessThan: { "aws:CurrentTime": "June 1st" } })).toEqual([
      'DateLessThan value "June 1st"',
    ]);
    expect(issuesOf({ NumericEquals: { n: "ten" } })).toEqual(['NumericEquals value "ten"']);
    expect(issuesOf({ StringEquals: { k: { nested: true } } })).toHaveLength(1);
  });
});

describe("edges of the condition block", () => {
  it("reports a Condition that is not an object, a non-scalar value, a bad Null value, a bad Bool value", () => {
    expect(issuesOf("x")).toEqual(["Condition (not an object)"]);
    expect(issuesOf([{ StringEquals: { k: "v" } }])).toEqual(["Condition (not an object)"]);
    expect(issuesOf({ StringEquals: ["k"] })).toEqual(["StringEquals"]);
    expect(issuesOf({ StringEquals: { k: ["a", { b: 1 }] } })).toEqual([
      "StringEquals k (values must be strings, numbers or booleans)",
    ]);
    expect(issuesOf({ Null: { k: "maybe" } })).toEqual(['Null value "maybe"']);
    expect(issuesOf({ Bool: { k: "yes" } })).toEqual(['Bool value "yes"']);
    expect(issuesOf({ Null: { k: ["TRUE", false] } })).toEqual([]);
  });

  it("a plain operator on a multivalued key: any value matches; negated, none may match", () => {
    expect(holds({ StringEquals: { k: "a" } }, { k: ["b", "a"] })).toBe(true);
    expect(holds({ StringEquals: { k: "a" } }, { k: ["b", "c"] })).toBe(false);
    expect(holds({ StringNotEquals: { k: "a" } }, { k: ["a", "b"] })).toBe(false);
    expect(holds({ StringNotEquals: { k: "a" } }, { k: ["b", "c"] })).toBe(true);
  });

  it("an empty list is a missing key: IfExists passes, ForAnyValue with a negated operator fails", () => {
    expect(holds({ StringEqualsIfExists: { k: "a" } }, { k: [] })).toBe(true);
    expect(holds({ "ForAnyValue:StringNotEquals": { k: "a" } }, {})).toBe(false);
    expect(holds({ "ForAnyValue:StringNotEquals": { k: "a" } }, { k: [] })).toBe(false);
    expect(holds({ "ForAllValues:StringNotEquals": { k: "a" } }, {})).toBe(true);
  });

  it("String operators read numbers and booleans as their text", () => {
    expect(holds({ StringEquals: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": true })).toBe(
      true,
    );
    expect(holds({ StringEquals: { "s3:max-keys": 10 } }, { "s3:max-keys": "10" })).toBe(true);
    expect(holds({ StringEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": 10 })).toBe(true);
    expect(holds({ StringEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": 11 })).toBe(false);
  });

  it("unreadable context values never match a typed operator", () => {
    expect(holds({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "not-an-ip" })).toBe(
      false,
    );
    expect(holds({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": 7 })).toBe(false);
    expect(holds({ Bool: { k: "true" } }, { k: "yes" })).toBe(false);
    expect(holds({ Bool: { k: ["true", "false"] } }, { k: "FALSE" })).toBe(true);
    expect(holds({ Bool: { k: "false" } }, { k: true })).toBe(false);
    expect(holds({ DateEquals: { k: "2024-01-01" } }, { k: "someday" })).toBe(false);
    expect(holds({ BinaryEquals: { k: "QUJD" } }, { k: "QUJE" })).toBe(false);
  });

  it("a number or boolean policy value of IpAddress is unreadable", () => {
    expect(issuesOf({ IpAddress: { "aws:SourceIp": 10 } })).toEqual(["IpAddress value 10"]);
  });
});

describe("ordered operators at their boundaries", () => {
  it("GreaterThan and LessThanEquals on equal and neighbouring values", () => {
    expect(holds({ NumericGreaterThan: { n: "10" } }, { n: "10" })).toBe(false);
    expect(holds({ NumericLessThanEquals: { n: "10" } }, { n: "11" })).toBe(false);
    expect(holds({ DateGreaterThan: { t: "2024-01-01T00:00:00Z" } }, { t: "2024-01-01T00:00:00Z" })).toBe(
      false,
    );
    expect(holds({ DateLessThanEquals: { t: "2024-01-01T00:00:00Z" } }, { t: "2024-01-01T00:00:01Z" })).toBe(
      false,
    );
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// (Boolean and Null condition operators: the values are true or false).
describe("Bool and Null with values that are not booleans", () => {
  it("Bool false does not match a context value that is not a boolean", () => {
    expect(holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "yes" })).toBe(false);
    expect(holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": 0 })).toBe(false);
    expect(holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "" })).toBe(false);
    expect(holds({ Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": 1 })).toBe(false);
  });

  it("a numeric Bool policy value is reported, not read as a boolean", () => {
    expect(issuesOf({ Bool: { "aws:SecureTransport": 1 } })).toEqual(["Bool value 1"]);
    expect(issuesOf({ Bool: { "aws:SecureTransport": [0, "false"] } })).toEqual(["Bool value 0"]);
  });

  it("Null reports a list with one non-boolean value among booleans", () => {
    expect(issuesOf({ Null: { k: ["true", "maybe"] } })).toEqual(['Null value ["true","maybe"]']);
    expect(issuesOf({ Null: { k: [false, 1] } })).toEqual(["Null value [false,1]"]);
  });
});
