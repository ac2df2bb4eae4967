// Shared by the condition cases: an identity policy allowing s3:GetObject under a condition, and the
// request that asks for it.
import type { PolicyDocument } from "../types.js";
import { BUCKET, type ConformanceCase, policy, role } from "./conformance-case.js";

export const OBJECT = `${BUCKET}/report.csv`;
export type Context = NonNullable<ConformanceCase["request"]["context"]>;

/** An identity policy allowing s3:GetObject on the bucket's objects under `condition`. */
export const allowIf = (condition: Record<string, Record<string, unknown>>): PolicyDocument =>
  policy({ Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*`, Condition: condition });

/** A case: the role asks for s3:GetObject with `context`; its identity policy allows under `condition`. */
export function get(
  name: string,
  source: string,
  condition: Record<string, Record<string, unknown>>,
  context: Context,
  expect: ConformanceCase["expect"],
): ConformanceCase {
  return {
    source,
    name,
    identity: [allowIf(condition)],
    request: { principal: role, action: "s3:GetObject", resource: OBJECT, context },
    expect,
  };
}
