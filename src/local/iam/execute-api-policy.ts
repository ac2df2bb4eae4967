// API Gateway resource policies may name the API they are attached to as `execute-api:/<stage>/<verb>/<path>`;
// API Gateway stores them with the full ARN. This does the same expansion before compiling.
import type { PolicyDocument, PolicyStatement } from "./types.js";

export interface ExecuteApiTarget {
  readonly region: string;
  readonly account: string;
  readonly apiId: string;
  readonly partition?: string;
}

const SHORT_FORM = "execute-api:/";

/** Rewrites `execute-api:/...` in Resource and NotResource to `arn:aws:execute-api:<region>:<account>:<apiId>/...`. */
export function expandExecuteApiPolicy(doc: PolicyDocument, target: ExecuteApiTarget): PolicyDocument {
  const prefix = `arn:${target.partition ?? "aws"}:execute-api:${target.region}:${target.account}:${target.apiId}/`;
  const expand = (value: string | readonly string[]) => {
    const one = (v: string) => (v.startsWith(SHORT_FORM) ? prefix + v.slice(SHORT_FORM.length) : v);
    return typeof value === "string" ? one(value) : value.map(one);
  };
  const statements: readonly PolicyStatement[] = Array.isArray(doc.Statement)
    ? doc.Statement
    : [doc.Statement as PolicyStatement];
  return {
    ...doc,
    Statement: statements.map((statement) => {
      const out: { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] } = { ...statement };
      if (statement.Resource !== undefined) out.Resource = expand(statement.Resource);
      if (statement.NotResource !== undefined) out.NotResource = expand(statement.NotResource);
      return out;
    }),
  };
}
