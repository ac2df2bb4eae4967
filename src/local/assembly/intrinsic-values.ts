// Shapes shared by the intrinsic evaluator and the template scanners.
import { AccountmeshError } from "../../shared/errors.js";
import { describeSite, type EvaluationSite } from "./symbol-lookup.js";

/** What `Ref: AWS::NoValue` evaluates to; removed from the object or list that holds it. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** Intrinsic functions the evaluator implements. */
export const SUPPORTED_INTRINSICS: ReadonlySet<string> = new Set([
  "Ref",
  "Fn::GetAtt",
  "Fn::Join",
  "Fn::Sub",
  "Fn::Select",
  "Fn::Split",
  "Fn::If",
  "Fn::Not",
  "Fn::And",
  "Fn::Or",
  "Fn::Equals",
  "Fn::FindInMap",
  "Fn::GetAZs",
  "Fn::ImportValue",
  "Fn::GetStackOutput",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::ToJsonString",
  "Fn::Length",
]);

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The intrinsic a value is (`{ "Ref": ... }` or `{ "Fn::X": ... }`, a single key), or undefined. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === "Ref" || key.startsWith("Fn::") ? key : undefined;
}

/** A coded error about an intrinsic at a site. */
export function intrinsicError(
  code: string,
  intrinsic: string,
  site: EvaluationSite,
  problem: string,
): AccountmeshError {
  return new AccountmeshError(code, `${intrinsic} at ${describeSite(site)}: ${problem}`, {
    stack: site.stack,
    element: site.element,
    path: site.path,
    intrinsic,
  });
}

/** A scalar as CloudFormation turns it into a string; anything else fails. */
export function scalarString(value: unknown, intrinsic: string, site: EvaluationSite, role: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw intrinsicError(
    "INVALID_INTRINSIC",
    intrinsic,
    site,
    `${role} must be a string, received ${show(value)}.`,
  );
}

export function show(value: unknown): string {
  if (value === NO_VALUE) return "AWS::NoValue";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
