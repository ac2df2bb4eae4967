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
