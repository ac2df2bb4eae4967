// The base condition operators (without ForAnyValue:/ForAllValues: and IfExists, and without Null,
// which tests presence): each compiles its policy values into one test of a single context value that
// is true when the value matches ANY policy value. Negated operators are the NOT of that test, which
// gives AWS's NOR over the policy values.
import {
  type IpBlock,
  ipInBlock,
  parseBool,
  parseDate,
  parseIpAddress,
  parseIpBlock,
  parseNumber,
} from "./condition-values.js";
import { compilePatterns, type PatternOptions } from "./pattern.js";
import type { VariableScope } from "./policy-variables.js";

export type ContextScalar = string | number | boolean;
export type ValueTest = (value: ContextScalar, scope: VariableScope) => boolean;

/** How the policy's `Version` reads its values. */
export interface CompileOptions {
  /** `Version: 2012-10-17`: `${...}` are policy variables; otherwise they are literal text. */
  readonly variables: boolean;
}

export interface OperatorSpec {
  /** StringNotEquals, ArnNotLike, NumericNotEquals, DateNotEquals, NotIpAddress, ... */
  readonly negated: boolean;
  /** Compiles the policy values; a value the operator cannot read is pushed to `issues` by name. */
  compile(
    name: string,
    values: readonly ContextScalar[],
    issues: string[],
    options: CompileOptions,
  ): ValueTest;
}

function text(value: ContextScalar): string {
  return typeof value === "string" ? value : String(value);
}

function stringOperator(negated: boolean, options: Omit<PatternOptions, "variables">): OperatorSpec {
  return {
    negated,
    compile(_name, values, _issues, compileOptions) {
      const matcher = compilePatterns(values.map(text), { ...options, variables: compileOptions.variables });
      return (value, scope) => matcher(text(value), scope);
    },
  };
}

const EXACT = { wildcards: false, arn: false, ignoreCase: false } as const;
const IGNORE_CASE = { wildcards: false, arn: false, ignoreCase: true } as const;
const LIKE = { wildcards: true, arn: false, ignoreCase: false } as const;
const ARN = { wildcards: true, arn: true, ignoreCase: false } as const;

type Compare = (context: number, policy: number) => boolean;

function orderedOperator(
  negated: boolean,
  parse: (v: ContextScalar) => number | undefined,
  compare: Compare,
): OperatorSpec {
  return {
    negated,
    compile(name, values, issues) {
      const parsed: number[] = [];
      for (const value of values) {
        const n = parse(value);
        if (n === undefined) issues.push(`${name} value ${JSON.stringify(value)}`);
        else parsed.push(n);
      }
      return (value) => {
        const n = parse(value);
        // Stryker disable next-line ConditionalExpression: comparing undefined with a number is false anyway.
        if (n === undefined) return false;
        for (const p of parsed) if (compare(n, p)) return true;
        return false;
      };
    },
  };
}

const eq: Compare = (c, p) => c === p;
const lt: Compare = (c, p) => c < p;
const le: Compare = (c, p) => c <= p;
const gt: Compare = (c, p) => c > p;
const ge: Compare = (c, p) => c >= p;

function ipOperator(negated: boolean): OperatorSpec {
  return {
    negated,
    compile(name, values, issues) {
      const blocks: IpBlock[] = [];
      for (const value of values) {
        const block = typeof value === "string" ? parseIpBlock(value) : undefined;
        if (block === undefined) issues.push(`${name} value ${JSON.stringify(value)}`);
        else blocks.push(block);
      }
      return (value) => {
        const address = typeof value === "string" ? parseIpAddress(value) : undefined;
        if (address === undefined) return false;
        for (const block of blocks) if (ipInBlock(address, block)) return true;
        return false;
      };
    },
  };
}

const boolOperator: OperatorSpec = {
  negated: false,
  compile(name, values, issues) {
    let acceptTrue = false;
    let acceptFalse = false;
    for (const value of values) {
      const b = parseBool(value);
      if (b === undefined) issues.push(`${name} value ${JSON.stringify(value)}`);
      else if (b) acceptTrue = true;
      else acceptFalse = true;
    }
    return (value) => {
      const b = parseBool(value);
      return b === undefined ? false : b ? acceptTrue : acceptFalse;
    };
  },
};

const binaryOperator: OperatorSpec = {
  negated: false,
  compile(_name, values) {
    const accepted = new Set(values.map(text));
    return (value) => accepted.has(text(value));
  },
};

const num = (v: ContextScalar) => parseNumber(v);
const date = (v: ContextScalar) => parseDate(v);

/** Base operators by their AWS name (case-sensitive, as AWS writes them). */
export const CONDITION_OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["StringEquals", stringOperator(false, EXACT)],
  ["StringNotEquals", stringOperator(true, EXACT)],
  ["StringEqualsIgnoreCase", stringOperator(false, IGNORE_CASE)],
  ["StringNotEqualsIgnoreCase", stringOperator(true, IGNORE_CASE)],
  ["StringLike", stringOperator(false, LIKE)],
  ["StringNotLike", stringOperator(true, LIKE)],
  ["ArnEquals", stringOperator(false, ARN)],
  ["ArnLike", stringOperator(false, ARN)],
  ["ArnNotEquals", stringOperator(true, ARN)],
  ["ArnNotLike", stringOperator(true, ARN)],
  ["NumericEquals", orderedOperator(false, num, eq)],
  ["NumericNotEquals", orderedOperator(true, num, eq)],
  ["NumericLessThan", orderedOperator(false, num, lt)],
  ["NumericLessThanEquals", orderedOperator(false, num, le)],
  ["NumericGreaterThan", orderedOperator(false, num, gt)],
  ["NumericGreaterThanEquals", orderedOperator(false, num, ge)],
  ["DateEquals", orderedOperator(false, date, eq)],
  ["DateNotEquals", orderedOperator(true, date, eq)],
  ["DateLessThan", orderedOperator(false, date, lt)],
  ["DateLessThanEquals", orderedOperator(false, date, le)],
  ["DateGreaterThan", orderedOperator(false, date, gt)],
  ["DateGreaterThanEquals", orderedOperator(false, date, ge)],
  ["Bool", boolOperator],
  ["BinaryEquals", binaryOperator],
  ["IpAddress", ipOperator(false)],
  ["NotIpAddress", ipOperator(true)],
]);
