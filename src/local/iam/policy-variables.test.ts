// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are IAM policy variables, not template literals.
import { describe, expect, it } from "vitest";
import { parsePolicyVariables, resolveTokens, type VariableScope } from "./policy-variables.js";
import type { ContextValue } from "./types.js";

function scope(values: Record<string, ContextValue>): VariableScope {
  return { get: (key) => values[key] };
}

describe("parsePolicyVariables", () => {
  it("splits text, variables (keys lower-cased) and the ${*} ${?} ${$} escapes", () => {
    expect(parsePolicyVariables("home/${aws:username}/${*}${?}${$}")).toEqual([
      { kind: "text", text: "home/" },
      { kind: "variable", key: "aws:username", fallback: undefined },
      { kind: "text", text: "/" },
      { kind: "literal", text: "*" },
      { kind: "literal", text: "?" },
      { kind: "literal", text: "$" },
    ]);
  });

  it("reads a quoted default value where '' is one quote", () => {
    expect(parsePolicyVariables("${aws:PrincipalTag/team, 'it''s none'}")).toEqual([
      { kind: "variable", key: "aws:principaltag/team", fallback: "it's none" },
    ]);
  });

  it("keeps malformed variables as plain text", () => {
    expect(parsePolicyVariables("a${unclosed")).toEqual([{ kind: "text", text: "a${unclosed" }]);
    expect(parsePolicyVariables("${key, unquoted}")).toEqual([{ kind: "text", text: "${key, unquoted}" }]);
  });
});

describe("resolveTokens", () => {
  const tokens = parsePolicyVariables("arn:aws:s3:::bucket/${aws:username}/*");

  it("substitutes the context value as literal text", () => {
    expect(resolveTokens(tokens, scope({ "aws:username": "ana*" }))).toEqual([
      { text: "arn:aws:s3:::bucket/", wild: true },
      { text: "ana*", wild: false },
      { text: "/*", wild: true },
    ]);
  });

  it("fails when the key is absent or multivalued and has no default", () => {
    expect(resolveTokens(tokens, scope({}))).toBeUndefined();
    expect(resolveTokens(tokens, scope({ "aws:username": ["a", "b"] }))).toBeUndefined();
  });

  it("uses the default when the key is absent", () => {
    const withDefault = parsePolicyVariables("${aws:username, 'guest'}");
    expect(resolveTokens(withDefault, scope({}))).toEqual([{ text: "guest", wild: false }]);
  });
});
