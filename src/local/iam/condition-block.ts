// The Condition element: operators AND keys AND; values within a key OR (NOR for negated operators);
// `...IfExists`, `ForAnyValue:` / `ForAllValues:` and `Null` with AWS's rules for a missing key.
import {
  CONDITION_OPERATORS,
  type CompileOptions,
  type ContextScalar,
  type ValueTest,
} from "./condition-operators.js";
import type { VariableScope } from "./policy-variables.js";

/** ForAnyValue: / ForAllValues: qualifier, or none. */
type SetOperator = "none" | "any" | "all";

export interface ConditionEntry {
  /** Context key, lower-cased (keys are case-insensitive). */
  readonly key: string;
  readonly set: SetOperator;
  readonly ifExists: boolean;
  readonly negated: boolean;
  /** Positive test of one context value against the policy values; undefined for Null. */
  readonly test: ValueTest | undefined;
  /** Null: whether an absent key is accepted / a present key is accepted. */
  readonly nullAcceptsAbsent: boolean;
  readonly nullAcceptsPresent: boolean;
}

const VERSION_2012: CompileOptions = { variables: true };

/**
 * Compiles a Condition element. Anything it cannot honour (unknown operator, unreadable value) is pushed
 * to `issues` by name; the caller then treats the statement as unsupported. Context keys met are added
 * to `keys` as written. `options.variables` is false for policies without `Version: 2012-10-17`, where
 * `${...}` is literal text.
 */
export function compileCondition(
  condition: unknown,
  issues: string[],
  keys: Set<string>,
  options: CompileOptions = VERSION_2012,
): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  if (!isRecord(condition)) {
    issues.push("Condition (not an object)");
    return entries;
  }
  for (const [operatorName, block] of Object.entries(condition)) {
    let rest = operatorName;
    let set: SetOperator = "none";
    if (rest.startsWith("ForAnyValue:")) {
      set = "any";
      rest = rest.slice("ForAnyValue:".length);
    } else if (rest.startsWith("ForAllValues:")) {
      set = "all";
      rest = rest.slice("ForAllValues:".length);
    }
    // Stryker disable next-line ConditionalExpression,StringLiteral: "Null" never ends with "IfExists"; NullIfExists is refused below either way.
    const ifExists = rest !== "Null" && rest.endsWith("IfExists");
    if (ifExists) rest = rest.slice(0, -"IfExists".length);
    // Stryker disable next-line ConditionalExpression,StringLiteral: the operator table has no "Null" either.
    const spec = rest === "Null" ? undefined : CONDITION_OPERATORS.get(rest);
    if (
      (rest !== "Null" && spec === undefined) ||
      (rest === "Null" && (set !== "none" || ifExists)) ||
      !isRecord(block)
    ) {
      issues.push(operatorName);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      keys.add(key);
      const values = scalars(raw);
      if (values === undefined) {
        issues.push(`${operatorName} ${key} (values must be strings, numbers or booleans)`);
        continue;
      }
      if (spec === undefined) {
        const lowered = values.map((v) => String(v).toLowerCase());
        if (lowered.some((v) => v !== "true" && v !== "false"))
          issues.push(`Null value ${JSON.stringify(raw)}`);
        entries.push({
          key: key.toLowerCase(),
          set,
          // Stryker disable next-line BooleanLiteral: never read for Null.
          ifExists: false,
          // Stryker disable next-line BooleanLiteral: never read for Null.
          negated: false,
          test: undefined,
          nullAcceptsAbsent: lowered.includes("true"),
          nullAcceptsPresent: lowered.includes("false"),
        });
        continue;
      }
      entries.push({
        key: key.toLowerCase(),
        set,
        ifExists,
        negated: spec.negated,
        test: spec.compile(rest, values, issues, options),
        // Stryker disable next-line BooleanLiteral: read only for Null entries (no test).
        nullAcceptsAbsent: false,
        // Stryker disable next-line BooleanLiteral: read only for Null entries (no test).
        nullAcceptsPresent: false,
      });
    }
  }
  return entries;
}

/** True when every entry holds for the request. */
export function conditionHolds(entries: readonly ConditionEntry[], scope: VariableScope): boolean {
  for (const entry of entries) {
    if (!entryHolds(entry, scope)) return false;
  }
  return true;
}

function entryHolds(entry: ConditionEntry, scope: VariableScope): boolean {
  const value = scope.get(entry.key);
  const absent = value === undefined || (Array.isArray(value) && value.length === 0);
  const test = entry.test;
  if (test === undefined) return absent ? entry.nullAcceptsAbsent : entry.nullAcceptsPresent;
  if (absent) {
    // A missing key: IfExists passes; ForAllValues passes (empty set); ForAnyValue fails; a plain
    // operator fails, a negated one (StringNotEquals, ...) matches.
    if (entry.ifExists || entry.set === "all") return true;
    if (entry.set === "any") return false;
    return entry.negated;
  }
  const negated = entry.negated;
  if (!Array.isArray(value)) {
    const matched = test(value as ContextScalar, scope);
    return negated ? !matched : matched;
  }
  const list = value as readonly string[];
  if (entry.set === "all") {
    for (const v of list) if (test(v, scope) === negated) return false;
    return true;
  }
  if (entry.set === "any") {
    for (const v of list) if (test(v, scope) !== negated) return true;
    return false;
  }
  // A plain operator on a multivalued key: matches when any value matches (negated: when none does).
  for (const v of list) if (test(v, scope)) return !negated;
  return negated;
}

function scalars(raw: unknown): ContextScalar[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: ContextScalar[] = [];
  for (const v of list) {
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return undefined;
    out.push(v);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
