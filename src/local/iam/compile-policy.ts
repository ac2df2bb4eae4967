// Compiles a policy document once (wildcards to pre-built regexes, lists to sets, condition keys
// lower-cased) so that evaluating it costs microseconds.
import { type ConditionEntry, compileCondition } from "./condition-block.js";
import { compilePatterns, type Matcher } from "./pattern.js";
import { type CompiledPrincipal, compilePrincipal } from "./principal-match.js";
import type { DecidingStatement, PolicyDocument, PolicyStatement } from "./types.js";

export interface CompiledStatement {
  readonly effect: "Allow" | "Deny";
  /** What a Decision lists when this statement decides (built once). */
  readonly deciding: DecidingStatement;
  /** Tests the lower-cased action. */
  readonly actions: Matcher;
  readonly notAction: boolean;
  /** undefined: the statement has neither Resource nor NotResource (trust policies): any resource. */
  readonly resources: Matcher | undefined;
  readonly notResource: boolean;
  /** undefined: no Principal/NotPrincipal (identity policies). */
  readonly principal: CompiledPrincipal | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly ConditionEntry[];
  /**
   * Set when the Condition holds something we cannot honour (unknown operator, unreadable value): the
   * condition is then taken as false for an Allow and true for a Deny, so it never fails open.
   */
  readonly conditionOverride: boolean | undefined;
}

export interface CompiledPolicy {
  /** Shown in decisions, e.g. `identity:<role arn>#<policy name>` or `resource:<arn>`. */
  readonly name: string;
  readonly allows: readonly CompiledStatement[];
  readonly denies: readonly CompiledStatement[];
  /** What the policy uses that is not honoured (condition operators, principal types, ...), by name. */
  readonly unsupported: readonly string[];
  /** Condition keys the policy tests, as written (for reporting keys the runtime never supplies). */
  readonly conditionKeys: readonly string[];
}

const ACTION_OPTIONS = { wildcards: true, arn: false, ignoreCase: false, variables: false } as const;
const RESOURCE_OPTIONS = { wildcards: true, arn: true, ignoreCase: false, variables: true } as const;

export function compilePolicy(doc: PolicyDocument, name: string): CompiledPolicy {
  const allows: CompiledStatement[] = [];
  const denies: CompiledStatement[] = [];
  const unsupported: string[] = [];
  const conditionKeys = new Set<string>();
  const statements: readonly unknown[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const raw of statements) {
    const compiled = compileStatement(raw, name, unsupported, conditionKeys);
    if (compiled?.effect === "Allow") allows.push(compiled);
    else if (compiled?.effect === "Deny") denies.push(compiled);
  }
  return Object.freeze({
    name,
    allows,
    denies,
    unsupported: [...new Set(unsupported)],
    conditionKeys: [...conditionKeys],
  });
}

function compileStatement(
  raw: unknown,
  policyName: string,
  unsupported: string[],
  conditionKeys: Set<string>,
): CompiledStatement | undefined {
  if (typeof raw !== "object" || raw === null) {
    unsupported.push("Statement (not an object)");
    return undefined;
  }
  const statement = raw as PolicyStatement;
  const effect = statement.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    unsupported.push(`Effect ${JSON.stringify(effect)}`);
    return undefined;
  }
  const actionSource = statement.Action ?? statement.NotAction;
  if (actionSource === undefined) {
    unsupported.push("Statement without Action or NotAction");
    return undefined;
  }
  const actions = stringList(actionSource, "Action", unsupported).map((a) => a.toLowerCase());
  const resourceSource = statement.Resource ?? statement.NotResource;
  const principalSource = statement.Principal ?? statement.NotPrincipal;
  const conditionIssues: string[] = [];
  const conditions =
    statement.Condition === undefined
      ? []
      : compileCondition(statement.Condition, conditionIssues, conditionKeys);
  unsupported.push(...conditionIssues);
  const deciding: DecidingStatement =
    statement.Sid === undefined
      ? Object.freeze({ policy: policyName, effect })
      : Object.freeze({ policy: policyName, sid: statement.Sid, effect });
  return {
    effect,
    deciding,
    actions: compilePatterns(actions, ACTION_OPTIONS),
    notAction: statement.Action === undefined,
    resources:
      resourceSource === undefined
        ? undefined
        : compilePatterns(stringList(resourceSource, "Resource", unsupported), RESOURCE_OPTIONS),
    notResource: statement.Resource === undefined && statement.NotResource !== undefined,
    principal: principalSource === undefined ? undefined : compilePrincipal(principalSource, unsupported),
    notPrincipal: statement.Principal === undefined && statement.NotPrincipal !== undefined,
    conditions,
    conditionOverride: conditionIssues.length > 0 ? effect === "Deny" : undefined,
  };
}

function stringList(raw: unknown, element: string, unsupported: string[]): string[] {
  const list: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const value of list) {
    if (typeof value === "string") out.push(value);
    else unsupported.push(`${element} value ${JSON.stringify(value)}`);
  }
  return out;
}
