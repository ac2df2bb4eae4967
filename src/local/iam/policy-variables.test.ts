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

describe("parsePolicyVariables: the edges of the syntax", () => {
  it("trims spaces around the key and the default; keeps malformed defaults and keys as text", () => {
    expect(parsePolicyVariables("${ aws:username }")).toEqual([
      { kind: "variable", key: "aws:username", fallback: undefined },
    ]);
    expect(parsePolicyVariables("${aws:username,   'x'   }")).toEqual([
      { kind: "variable", key: "aws:username", fallback: "x" },
    ]);
    expect(parsePolicyVariables("${ * }")).toEqual([{ kind: "literal", text: "*" }]);
    for (const text of [
      "${key, 'unterminated}",
      "${key, 'a' x}",
      "${bad key, 'a'}",
      "${bad key}",
      "${key,",
      "${key, '",
      "${}",
      "${**}",
      "${a}b${",
    ])
      expect(parsePolicyVariables(text).some((t) => t.kind === "variable" && t.key === "bad key")).toBe(
        false,
      );
    expect(parsePolicyVariables("${key, 'unterminated}")).toEqual([
      { kind: "text", text: "${key, 'unterminated}" },
    ]);
    expect(parsePolicyVariables("${key, 'a' x}")).toEqual([{ kind: "text", text: "${key, 'a' x}" }]);
    expect(parsePolicyVariables("${bad key, 'a'}")).toEqual([{ kind: "text", text: "${bad key, 'a'}" }]);
    expect(parsePolicyVariables("${bad key}")).toEqual([{ kind: "text", text: "${bad key}" }]);
    expect(parsePolicyVariables("x${key,")).toEqual([{ kind: "text", text: "x${key," }]);
    expect(parsePolicyVariables("${}")).toEqual([{ kind: "text", text: "${}" }]);
    expect(parsePolicyVariables("${a}b${")).toEqual([
      { kind: "variable", key: "a", fallback: undefined },
      { kind: "text", text: "b${" },
    ]);
    expect(parsePolicyVariables("pre${x/y}")).toEqual([
      { kind: "text", text: "pre" },
      { kind: "variable", key: "x/y", fallback: undefined },
    ]);
    expect(parsePolicyVariables("${a}${b}")).toHaveLength(2);
    expect(parsePolicyVariables("")).toEqual([]);
  });
});

describe("resolveTokens: values", () => {
  it("numbers and booleans are text; escapes are never wildcards", () => {
    const tokens = parsePolicyVariables("${n}/${b}/${*}");
    expect(resolveTokens(tokens, scope({ n: 7, b: false }))).toEqual([
      { text: "7", wild: false },
      { text: "/", wild: true },
      { text: "false", wild: false },
      { text: "/", wild: true },
      { text: "*", wild: false },
    ]);
  });
});
