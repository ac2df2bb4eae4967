// Compiles a policy document once (wildcards to pre-built regexes, lists to sets, condition keys
// lower-cased) so that evaluating it costs microseconds.
import { type ConditionEntry, compileCondition } from "./condition-block.js";
import type { CompileOptions } from "./condition-operators.js";
import { compilePatterns, type Matcher } from "./pattern.js";
import { POLICY_VERSIONS, type PolicyKind, statementProblems, statementsOf } from "./policy-grammar.js";
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
const ANY: Matcher = () => true;
const EVERYONE: CompiledPrincipal = Object.freeze({
  everyone: true,
  accounts: new Set<string>(),
  roleArns: new Set<string>(),
  sessionArns: new Set<string>(),
  services: new Set<string>(),
});

/** The kind a policy name implies: `identity:...`, `trust:...`, anything else a resource policy. */
export function policyKindOf(name: string): PolicyKind {
  if (name.startsWith("identity:")) return "identity";
  if (name.startsWith("trust:")) return "trust";
  return "resource";
}

/**
 * Compiles a policy document of `kind` (by default from the name's prefix: `identity:`, `trust:`, else
 * resource). Never throws: what IAM would refuse to store fails closed — a malformed Allow statement grants
 * nothing, a malformed Deny statement denies every request it could reach, and a document with an unknown
 * `Version` grants nothing. Each is listed in `unsupported` by name. Policy variables are variables only
 * under `Version: 2012-10-17`; otherwise `${...}` is literal text, as in AWS.
 * Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
export function compilePolicy(
  doc: PolicyDocument,
  name: string,
  kind: PolicyKind = policyKindOf(name),
): CompiledPolicy {
  const allows: CompiledStatement[] = [];
  const denies: CompiledStatement[] = [];
  const unsupported: string[] = [];
  const conditionKeys = new Set<string>();
  const version: unknown = (doc as { Version?: unknown }).Version;
  const knownVersion = version === undefined || POLICY_VERSIONS.includes(version as string);
  if (!knownVersion)
    unsupported.push(`malformed policy: Version ${JSON.stringify(version)} (grants nothing)`);
  const options: CompileOptions = { variables: version === "2012-10-17" };
  const statements = statementsOf(doc);
  if (statements === undefined) unsupported.push("malformed policy: no Statement (grants nothing)");
  statements?.forEach((raw, index) => {
    const problems = statementProblems(raw, kind);
    if (problems.length > 0) {
      const deny = isRecord(raw) && raw.Effect === "Allow" ? undefined : denyAll(raw, name);
      unsupported.push(
        `malformed statement ${index}: ${problems.map((p) => p.message).join("; ")} (${deny === undefined ? "grants nothing" : "denies every request"})`,
      );
      if (deny !== undefined) denies.push(deny);
      return;
    }
    const compiled = compileStatement(raw as PolicyStatement, name, unsupported, conditionKeys, options);
    if (compiled.effect === "Deny") denies.push(compiled);
    else if (knownVersion) allows.push(compiled);
  });
  return Object.freeze({
    name,
    allows,
    denies,
    unsupported: [...new Set(unsupported)],
    conditionKeys: [...conditionKeys],
  });
}

/** A malformed statement that is not a well-formed Allow: it matches every action, resource and caller. */
function denyAll(raw: unknown, policyName: string): CompiledStatement {
  const sid = isRecord(raw) && typeof raw.Sid === "string" ? raw.Sid : undefined;
  return {
    effect: "Deny",
    deciding: Object.freeze(
      sid === undefined
        ? { policy: policyName, effect: "Deny" }
        : { policy: policyName, sid, effect: "Deny" },
    ),
    actions: ANY,
    notAction: false,
    resources: undefined,
    // Stryker disable next-line BooleanLiteral: never read, the statement has no Resource.
    notResource: false,
    principal: EVERYONE,
    notPrincipal: false,
    conditions: [],
    conditionOverride: undefined,
  };
}

function compileStatement(
  statement: PolicyStatement,
  policyName: string,
  unsupported: string[],
  conditionKeys: Set<string>,
  options: CompileOptions,
): CompiledStatement {
  const effect = statement.Effect;
  const actionSource = statement.Action ?? statement.NotAction ?? [];
  const actions = stringList(actionSource, "Action", unsupported).map((a) => a.toLowerCase());
  const resourceSource = statement.Resource ?? statement.NotResource;
  const principalSource = statement.Principal ?? statement.NotPrincipal;
  const conditionIssues: string[] = [];
  const conditions =
    statement.Condition === undefined
      ? []
      : compileCondition(statement.Condition, conditionIssues, conditionKeys, options);
  unsupported.push(...conditionIssues);
  const deciding: DecidingStatement =
    statement.Sid === undefined
      ? Object.freeze({ policy: policyName, effect })
      : Object.freeze({ policy: policyName, sid: statement.Sid, effect });
  const resourceOptions = { wildcards: true, arn: true, ignoreCase: false, variables: options.variables };
  return {
    effect,
    deciding,
    actions: compilePatterns(actions, ACTION_OPTIONS),
    notAction: statement.Action === undefined,
    resources:
      resourceSource === undefined
        ? undefined
        : compilePatterns(stringList(resourceSource, "Resource", unsupported), resourceOptions),
    notResource: statement.NotResource !== undefined,
    principal: principalSource === undefined ? undefined : compilePrincipal(principalSource, unsupported),
    notPrincipal: statement.NotPrincipal !== undefined,
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
