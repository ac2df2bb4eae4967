// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`) as
// they appear in Resource elements and condition values: parsed once into tokens, resolved per request.
import type { ContextValue } from "./types.js";

/** Looks up a request-context key by its lower-cased name. */
export interface VariableScope {
  get(lowerKey: string): ContextValue | undefined;
}

/**
 * `text`: pattern text (its `*` and `?` are wildcards where the operator allows them); `literal`: the
 * escapes `${*}`, `${?}`, `${$}` (never wildcards); `variable`: a context key, with an optional default.
 */
export type PatternToken =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "variable"; readonly key: string; readonly fallback: string | undefined };

/** A token after resolution: `wild` says whether `*` and `?` in `text` are wildcards. */
export interface ResolvedToken {
  readonly text: string;
  readonly wild: boolean;
}

const KEY = /^[A-Za-z0-9_.:/+=@-]+$/;

/** Splits a pattern into text, escapes and variables. Malformed `${...}` stays plain text. */
export function parsePolicyVariables(source: string): readonly PatternToken[] {
  const tokens: PatternToken[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const start = source.indexOf("${", i);
    if (start < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, start);
    const parsed = parseVariable(source, start + 2);
    if (parsed === undefined) {
      text += "${";
      i = start + 2;
      continue;
    }
    if (text !== "") tokens.push({ kind: "text", text });
    text = "";
    tokens.push(parsed.token);
    i = parsed.end;
  }
  if (text !== "") tokens.push({ kind: "text", text });
  return tokens;
}

/** Parses the inside of `${...}` starting after `${`; returns the token and the index after `}`. */
function parseVariable(source: string, from: number): { token: PatternToken; end: number } | undefined {
  let i = from;
  let name = "";
  while (i < source.length && source[i] !== "}" && source[i] !== ",") name += source[i++];
  if (i >= source.length) return undefined;
  const trimmed = name.trim();
  if (source[i] === "}") {
    if (trimmed === "*" || trimmed === "?" || trimmed === "$") {
      return { token: { kind: "literal", text: trimmed }, end: i + 1 };
    }
    if (!KEY.test(trimmed)) return undefined;
    return { token: { kind: "variable", key: trimmed.toLowerCase(), fallback: undefined }, end: i + 1 };
  }
  // `${key, 'default'}`: the default is quoted; '' inside it is one quote.
  i++;
  while (source[i] === " ") i++;
  if (source[i] !== "'") return undefined;
  i++;
  let fallback = "";
  for (;;) {
    if (i >= source.length) return undefined;
    if (source[i] === "'") {
      if (source[i + 1] === "'") {
        fallback += "'";
        i += 2;
        continue;
      }
      i++;
      break;
    }
    fallback += source[i++];
  }
  while (source[i] === " ") i++;
  if (source[i] !== "}" || !KEY.test(trimmed)) return undefined;
  return { token: { kind: "variable", key: trimmed.toLowerCase(), fallback }, end: i + 1 };
}

/**
 * Resolves the variables of a pattern against a request. A variable whose key is absent (or holds a
 * list) and has no default makes the whole pattern unresolvable: `undefined`, which matches nothing.
 */
export function resolveTokens(
  tokens: readonly PatternToken[],
  scope: VariableScope,
): ResolvedToken[] | undefined {
  const out: ResolvedToken[] = [];
  for (const token of tokens) {
    if (token.kind === "text") {
      out.push({ text: token.text, wild: true });
    } else if (token.kind === "literal") {
      out.push({ text: token.text, wild: false });
    } else {
      const value = scope.get(token.key);
      const text =
        typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : token.fallback;
      if (text === undefined) return undefined;
      out.push({ text, wild: false });
    }
  }
  return out;
}
