// The rules of the IAM policy grammar that IAM (and the services storing resource policies) enforce when a
// policy is stored: a policy breaking one is refused by CloudFormation, so the runtime refuses it at
// provisioning (validate-policy.ts) and the evaluator never lets such a statement grant (compile-policy.ts).
// Sources:
//   grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
//   Version: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
//   Action/NotAction: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//   Principal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
//   NotPrincipal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
//   error messages: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html

/**
 * Which kind of policy a document is: `identity` (attached to a role, user or group), `resource` (a
 * bucket, key, secret, table or API policy) or `trust` (a role's AssumeRolePolicyDocument).
 */
export type PolicyKind = "identity" | "resource" | "trust";

/** One broken rule: `rule` is a stable name (`action-and-notaction`, ...), `message` says what to change. */
export interface PolicyProblem {
  /** Index of the statement in `Statement` (undefined for document-level rules). */
  readonly statement: number | undefined;
  readonly sid: string | undefined;
  readonly rule: string;
  readonly message: string;
}

export const POLICY_VERSIONS: readonly string[] = ["2012-10-17", "2008-10-17"];
const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
// `*`, or `<service prefix>:<action pattern>` (IAM: "Actions/Conditions must be prefaced by a vendor").
const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_-]*)$/;

/** The statements of a document as a list (a single statement object counts as a list of one). */
export function statementsOf(document: unknown): readonly unknown[] | undefined {
  if (!isRecord(document)) return undefined;
  const statement = document.Statement;
  if (Array.isArray(statement)) return statement;
  return isRecord(statement) ? [statement] : undefined;
}

/** Every rule the document breaks as a policy of `kind`; empty when IAM would store it. */
export function documentProblems(document: unknown, kind: PolicyKind): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (rule: string, message: string) =>
    problems.push({ statement: undefined, sid: undefined, rule, message });
  if (!isRecord(document)) {
    add("not-an-object", "a policy document must be a JSON object with a Statement");
    return problems;
  }
  for (const element of Object.keys(document))
    if (!DOCUMENT_ELEMENTS.has(element))
      add("unknown-element", `unknown element ${JSON.stringify(element)}: only Version, Id and Statement`);
  const version = document.Version;
  if (version !== undefined && !POLICY_VERSIONS.includes(version as string))
    add("version", `Version ${JSON.stringify(version)} is not "2012-10-17" (or the legacy "2008-10-17")`);
  const statements = statementsOf(document);
  if (statements === undefined) {
    add("statement", "Statement must be a statement object or a list of them");
    return problems;
  }
  statements.forEach((raw, index) => {
    const sid = isRecord(raw) && typeof raw.Sid === "string" ? raw.Sid : undefined;
    for (const { rule, message } of statementProblems(raw, kind))
      problems.push({ statement: index, sid, rule, message });
  });
  return problems;
}

/** The rules one statement breaks as part of a policy of `kind`. */
export function statementProblems(raw: unknown, kind: PolicyKind): { rule: string; message: string }[] {
  const out: { rule: string; message: string }[] = [];
  const add = (rule: string, message: string) => out.push({ rule, message });
  if (!isRecord(raw)) {
    add("statement-not-an-object", "a statement must be a JSON object");
    return out;
  }
  for (const element of Object.keys(raw))
    if (!STATEMENT_ELEMENTS.has(element))
      add("unknown-element", `unknown element ${JSON.stringify(element)}`);
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny")
    add("effect", `Effect must be "Allow" or "Deny"; received ${JSON.stringify(raw.Effect)}`);
  const has = (element: string) => raw[element] !== undefined;
  if (has("Action") && has("NotAction"))
    add("action-and-notaction", "a statement has Action or NotAction, not both: remove one");
  else if (!has("Action") && !has("NotAction"))
    add("action-missing", "a statement needs an Action (or NotAction)");
  else actionProblems(raw.Action ?? raw.NotAction, add);
  if (has("Resource") && has("NotResource"))
    add("resource-and-notresource", "a statement has Resource or NotResource, not both: remove one");
  else if (kind === "identity" && !has("Resource") && !has("NotResource"))
    add("resource-missing", "an identity-based policy statement needs a Resource (or NotResource)");
  else if (kind === "trust" && (has("Resource") || has("NotResource")))
    add("resource-in-trust-policy", "a role trust policy has no Resource: the role is the resource");
  if (has("Principal") && has("NotPrincipal"))
    add("principal-and-notprincipal", "a statement has Principal or NotPrincipal, not both: remove one");
  else if (kind === "identity" && (has("Principal") || has("NotPrincipal")))
    add(
      "principal-in-identity-policy",
      "an identity-based policy has no Principal: the identity is the principal",
    );
  else if (kind !== "identity" && !has("Principal") && !has("NotPrincipal"))
    add("principal-missing", "a resource-based policy statement needs a Principal (or NotPrincipal)");
  if (has("Condition") && !isConditionShape(raw.Condition))
    add("condition", 'Condition must be { "<operator>": { "<key>": <value or list> } }');
  return out;
}

function actionProblems(value: unknown, add: (rule: string, message: string) => void): void {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) add("action-empty", "Action (or NotAction) must name at least one action");
  for (const action of list) {
    if (typeof action !== "string" || !ACTION.test(action))
      add("action-format", `action ${JSON.stringify(action)} must be "*" or "<service>:<action>"`);
  }
}

function isConditionShape(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const block of Object.values(value)) {
    if (!isRecord(block)) return false;
    for (const entry of Object.values(block)) {
      const list: readonly unknown[] = Array.isArray(entry) ? entry : [entry];
      if (list.some((v) => typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean"))
        return false;
    }
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
