// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
import { describe, expect, it } from "vitest";
import { compilePatterns, type PatternOptions } from "./pattern.js";
import type { VariableScope } from "./policy-variables.js";

const none: VariableScope = { get: () => undefined };
const RESOURCE: PatternOptions = { wildcards: true, arn: true, ignoreCase: false, variables: true };
const LIKE: PatternOptions = { wildcards: true, arn: false, ignoreCase: false, variables: true };
const EQUALS: PatternOptions = { wildcards: false, arn: false, ignoreCase: false, variables: true };

describe("compilePatterns", () => {
  it("matches exact values case-sensitively", () => {
    const match = compilePatterns(["arn:aws:dynamodb:eu-central-1:222222222222:table/orders"], RESOURCE);
    expect(match("arn:aws:dynamodb:eu-central-1:222222222222:table/orders", none)).toBe(true);
    expect(match("arn:aws:dynamodb:eu-central-1:222222222222:table/Orders", none)).toBe(false);
    expect(match("arn:aws:dynamodb:eu-central-1:222222222222:table/orders/index/x", none)).toBe(false);
  });

  it("treats * and ? as wildcards, ? being exactly one character", () => {
    const match = compilePatterns(["arn:aws:s3:::bucket/report-??.csv", "arn:aws:s3:::logs/*"], RESOURCE);
    expect(match("arn:aws:s3:::bucket/report-07.csv", none)).toBe(true);
    expect(match("arn:aws:s3:::bucket/report-7.csv", none)).toBe(false);
    expect(match("arn:aws:s3:::logs/a/b:c", none)).toBe(true);
  });

  it("does not let a wildcard cross a colon inside the first five ARN components", () => {
    const match = compilePatterns(["arn:aws:dynamodb:*:222222222222:table/*"], RESOURCE);
    expect(match("arn:aws:dynamodb:eu-central-1:222222222222:table/orders", none)).toBe(true);
    expect(match("arn:aws:dynamodb:eu:central:222222222222:table/orders", none)).toBe(false);
  });

  it("lets the last component of a short ARN pattern take the rest of the value", () => {
    const match = compilePatterns(["arn:aws:iam::*"], RESOURCE);
    expect(match("arn:aws:iam::111111111111:role/x", none)).toBe(true);
    expect(match("arn:aws:sts::111111111111:assumed-role/x/y", none)).toBe(false);
  });

  it("matches everything with a lone *", () => {
    expect(compilePatterns(["*"], RESOURCE)("anything:at:all", none)).toBe(true);
  });

  it("treats wildcards literally where the operator has none (StringEquals)", () => {
    const match = compilePatterns(["a*"], EQUALS);
    expect(match("a*", none)).toBe(true);
    expect(match("abc", none)).toBe(false);
  });

  it("compares case-insensitively when asked", () => {
    const match = compilePatterns(["Hello", "World"], { ...EQUALS, ignoreCase: true });
    expect(match("hELLO", none)).toBe(true);
    expect(match("world", none)).toBe(true);
    expect(match("other", none)).toBe(false);
  });

  it("resolves policy variables per request, ${*} being a literal star", () => {
    const match = compilePatterns(["home/${aws:username}/*", "literal-${*}"], LIKE);
    const ana: VariableScope = { get: (k) => (k === "aws:username" ? "ana" : undefined) };
    expect(match("home/ana/file", ana)).toBe(true);
    expect(match("home/bob/file", ana)).toBe(false);
    expect(match("home/ana/file", none)).toBe(false);
    expect(match("literal-*", none)).toBe(true);
    expect(match("literal-x", none)).toBe(false);
  });

  it("an empty list matches nothing", () => {
    expect(compilePatterns([], RESOURCE)("x", none)).toBe(false);
  });
});

describe("compilePatterns: edges", () => {
  const scope = (values: Record<string, string>): VariableScope => ({ get: (key) => values[key] });
  const IGNORE_CASE: PatternOptions = { wildcards: false, arn: false, ignoreCase: true, variables: true };

  it("an exact pattern matches its own upper-case letters, and never the empty string", () => {
    expect(compilePatterns(["Ana"], EQUALS)("Ana", none)).toBe(true);
    expect(compilePatterns(["Ana"], EQUALS)("ana", none)).toBe(false);
    expect(compilePatterns(["Ana"], EQUALS)("", none)).toBe(false);
    expect(compilePatterns(["Ana", "Bo"], EQUALS)("Bo", none)).toBe(true);
    expect(compilePatterns(["Ana", "Bo"], EQUALS)("bo", none)).toBe(false);
    expect(compilePatterns([], LIKE)("", none)).toBe(false);
  });

  it("ignoring case: one or several exact patterns, wildcards, and variables", () => {
    expect(compilePatterns(["Ana"], IGNORE_CASE)("aNA", none)).toBe(true);
    expect(compilePatterns(["Ana", "Bo"], IGNORE_CASE)("BO", none)).toBe(true);
    expect(compilePatterns(["Ana", "Bo"], IGNORE_CASE)("Cy", none)).toBe(false);
    expect(compilePatterns(["A*"], { ...LIKE, ignoreCase: true })("abc", none)).toBe(true);
    const variable = compilePatterns(["team-${aws:username}"], IGNORE_CASE);
    expect(variable("TEAM-ANA", scope({ "aws:username": "ana" }))).toBe(true);
    expect(variable("TEAM-BO", scope({ "aws:username": "ana" }))).toBe(false);
    const caseSensitive = compilePatterns(["team-${aws:username}"], EQUALS);
    expect(caseSensitive("team-ana", scope({ "aws:username": "ana" }))).toBe(true);
    expect(caseSensitive("TEAM-ANA", scope({ "aws:username": "ana" }))).toBe(false);
  });

  it("* matches across line breaks; a variable's value and ${*} are literal inside a wildcard pattern", () => {
    expect(compilePatterns(["a*b"], LIKE)("a\nb", none)).toBe(true);
    expect(compilePatterns(["a?b"], LIKE)("a\nb", none)).toBe(true);
    const withVariable = compilePatterns(["home/${aws:username}/*"], LIKE);
    expect(withVariable("home/a.b/x", scope({ "aws:username": "a.b" }))).toBe(true);
    expect(withVariable("home/axb/x", scope({ "aws:username": "a.b" }))).toBe(false);
    expect(withVariable("home/any/x", scope({ "aws:username": "*" }))).toBe(false);
    expect(withVariable("home/x", none)).toBe(false);
    const escaped = compilePatterns(["a*${*}"], LIKE);
    expect(escaped("abc*", none)).toBe(true);
    expect(escaped("abcd", none)).toBe(false);
  });

  it("outside ARNs a wildcard crosses colons; inside an ARN it stays in its segment until the last", () => {
    expect(compilePatterns(["x:*:y"], LIKE)("x:a:b:y", none)).toBe(true);
    expect(
      compilePatterns(["arn:aws:sns:*:topic"], RESOURCE)("arn:aws:sns:eu-west-1:111122223333:topic", none),
    ).toBe(false);
    expect(compilePatterns(["arn:aws:sns:?:1:t"], RESOURCE)("arn:aws:sns:a:1:t", none)).toBe(true);
    expect(compilePatterns(["arn:aws:sns:?:1:t"], RESOURCE)("arn:aws:sns:::1:t", none)).toBe(false);
    expect(compilePatterns(["arn:aws:s3:::b/*"], RESOURCE)("arn:aws:s3:::b/x:y:z", none)).toBe(true);
    expect(compilePatterns(["arn:aws:s3:::b/?"], RESOURCE)("arn:aws:s3:::b/:", none)).toBe(true);
    const templated = compilePatterns(["arn:aws:sns:*:${aws:PrincipalAccount}:t*"], RESOURCE);
    expect(
      templated(
        "arn:aws:sns:eu-west-1:111122223333:topic",
        scope({ "aws:principalaccount": "111122223333" }),
      ),
    ).toBe(true);
    expect(
      templated("arn:aws:sns:eu:west:111122223333:topic", scope({ "aws:principalaccount": "111122223333" })),
    ).toBe(false);
  });

  it("regex characters in patterns are literal", () => {
    const match = compilePatterns(["a.b(c)[d]{e}|f+g^h$i\\j/k-l*"], LIKE);
    expect(match("a.b(c)[d]{e}|f+g^h$i\\j/k-lzz", none)).toBe(true);
    expect(match("aXb(c)[d]{e}|f+g^h$i\\j/k-l", none)).toBe(false);
  });
});
