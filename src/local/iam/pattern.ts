// Compiled string patterns for Action, Resource and condition values. Static patterns become a Set
// lookup or one pre-built RegExp; only patterns with policy variables do work per request.
import {
  type PatternToken,
  parsePolicyVariables,
  type ResolvedToken,
  resolveTokens,
  type VariableScope,
} from "./policy-variables.js";

export interface PatternOptions {
  /** `*` and `?` are wildcards (Resource, Action, StringLike, Arn*). */
  readonly wildcards: boolean;
  /**
   * ARN matching: each of the first five colon-separated components is matched on its own (a wildcard
   * does not cross a colon there); the last component of the pattern takes the rest of the value.
   */
  readonly arn: boolean;
  readonly ignoreCase: boolean;
  /** Policy variables are resolved (Resource, String and Arn condition values). */
  readonly variables: boolean;
}

/** Tests one value; `scope` resolves policy variables. */
export type Matcher = (value: string, scope: VariableScope) => boolean;

const NEVER: Matcher = () => false;
const ALWAYS: Matcher = () => true;
const TEMPLATE_CACHE_LIMIT = 64;

/** Compiles a list of patterns into one matcher (true when any pattern matches). */
export function compilePatterns(sources: readonly string[], options: PatternOptions): Matcher {
  const exact = new Set<string>();
  const regexSources: string[] = [];
  const templates: Matcher[] = [];
  for (const source of sources) {
    const tokens: readonly PatternToken[] = options.variables
      ? parsePolicyVariables(source)
      : [{ kind: "text", text: source }];
    if (tokens.some((t) => t.kind === "variable")) {
      templates.push(templateMatcher(tokens, options));
      continue;
    }
    const resolved: ResolvedToken[] = [];
    for (const t of tokens)
      if (t.kind !== "variable") resolved.push({ text: t.text, wild: t.kind === "text" });
    // Stryker disable next-line all: a fast path only — a lone "*" compiled as a regex matches every value too.
    if (options.wildcards && resolved.length === 1 && resolved[0]?.wild && resolved[0].text === "*")
      return ALWAYS;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression,Regex: fast path only — the regex path escapes every character that is not a wildcard here, so it answers the same.
    if (!options.wildcards || !resolved.some((t) => t.wild && /[*?]/.test(t.text))) {
      const literal = resolved.map((t) => t.text).join("");
      exact.add(options.ignoreCase ? literal.toLowerCase() : literal);
    } else {
      regexSources.push(regexSource(resolved, options));
    }
  }
  const regex =
    regexSources.length > 0 ? new RegExp(`^(?:${regexSources.join("|")})$`, flags(options)) : undefined;
  const parts: Matcher[] = [];
  if (exact.size === 1) {
    const [only] = exact;
    parts.push(options.ignoreCase ? (v) => v.toLowerCase() === only : (v) => v === only);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with no exact pattern the set lookup is false anyway.
  } else if (exact.size > 1) {
    parts.push(options.ignoreCase ? (v) => exact.has(v.toLowerCase()) : (v) => exact.has(v));
  }
  if (regex !== undefined) parts.push((v) => regex.test(v));
  parts.push(...templates);
  // Stryker disable next-line ConditionalExpression: fast paths only — the loop below answers the same.
  if (parts.length === 0) return NEVER;
  // Stryker disable next-line ConditionalExpression: fast paths only — the loop below answers the same.
  if (parts.length === 1) return parts[0] ?? NEVER;
  return (value, scope) => {
    for (const part of parts) if (part(value, scope)) return true;
    return false;
  };
}

/** Matches a pattern with variables: resolves it per request; the regexes it builds are cached. */
function templateMatcher(tokens: readonly PatternToken[], options: PatternOptions): Matcher {
  const cache = new Map<string, RegExp>();
  return (value, scope) => {
    const resolved = resolveTokens(tokens, scope);
    if (resolved === undefined) return false;
    if (!options.wildcards || !resolved.some((t) => t.wild && /[*?]/.test(t.text))) {
      let literal = "";
      for (const t of resolved) literal += t.text;
      return options.ignoreCase ? literal.toLowerCase() === value.toLowerCase() : literal === value;
    }
    const source = regexSource(resolved, options);
    let regex = cache.get(source);
    // Stryker disable next-line ConditionalExpression,BlockStatement: a cache — rebuilding the regex answers the same.
    if (regex === undefined) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: bounds the cache's size only.
      if (cache.size >= TEMPLATE_CACHE_LIMIT) cache.clear();
      regex = new RegExp(`^(?:${source})$`, flags(options));
      cache.set(source, regex);
    }
    return regex.test(value);
  };
}

function flags(options: PatternOptions): string {
  return options.ignoreCase ? "is" : "s";
}

/** Builds the regex source of one pattern (wildcards only in `wild` tokens). */
function regexSource(tokens: readonly ResolvedToken[], options: PatternOptions): string {
  let totalColons = 0;
  if (options.arn) {
    for (const t of tokens) if (t.wild) for (const c of t.text) if (c === ":") totalColons++;
  }
  const lastSegment = Math.min(totalColons, 5);
  let segment = 0;
  let out = "";
  for (const t of tokens) {
    for (const c of t.text) {
      if (t.wild && options.wildcards && (c === "*" || c === "?")) {
        const free = !options.arn || segment >= lastSegment;
        if (c === "*") out += free ? ".*" : "[^:]*";
        else out += free ? "." : "[^:]";
        continue;
      }
      if (c === ":" && t.wild) segment++;
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}
