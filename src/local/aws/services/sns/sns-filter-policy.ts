// SNS subscription filter policies
// (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html): AND across keys,
// OR within a key's list, `$or` between alternative policies; exact strings and numbers, `prefix`,
// `suffix`, `equals-ignore-case`, `anything-but` (values or a prefix), `numeric` ranges, `exists`.
// Scope `MessageAttributes` (default) matches message attributes (String.Array: any element; Binary:
// never); scope `MessageBody` matches the JSON body, keys nested as in the body.

export interface AttributeValue {
  readonly Type: string;
  readonly Value: string;
}

type Scalar = string | number | boolean | null;
type Found = { readonly present: false } | { readonly present: true; readonly values: readonly Scalar[] };

/** Whether a message passes `policy` (a parsed FilterPolicy), in `scope`. */
export function matchesFilterPolicy(
  policy: Readonly<Record<string, unknown>>,
  scope: "MessageAttributes" | "MessageBody",
  attributes: Readonly<Record<string, AttributeValue>>,
  body: string,
): boolean {
  if (scope === "MessageAttributes") {
    return matchPolicy(policy, (key) => attributeValues(attributes[key]), undefined);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  return matchPolicy(policy, undefined, parsed);
}

function attributeValues(attribute: AttributeValue | undefined): Found {
  if (attribute === undefined || attribute.Type.startsWith("Binary")) return { present: false };
  if (attribute.Type.startsWith("Number")) return { present: true, values: [Number(attribute.Value)] };
  if (attribute.Type === "String.Array") {
    try {
      const array = JSON.parse(attribute.Value) as unknown;
      if (Array.isArray(array)) return { present: true, values: array as Scalar[] };
    } catch {
      // a String.Array that is not JSON matches as its text
    }
  }
  return { present: true, values: [attribute.Value] };
}

function bodyValues(body: unknown, key: string): Found {
  if (body === null || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, key)) {
    return { present: false };
  }
  const value = (body as Record<string, unknown>)[key];
  if (Array.isArray(value)) return { present: true, values: value as Scalar[] };
  return { present: true, values: [value as Scalar] };
}

function matchPolicy(
  policy: Readonly<Record<string, unknown>>,
  attribute: ((key: string) => Found) | undefined,
  body: unknown,
): boolean {
  for (const [key, rule] of Object.entries(policy)) {
    if (key === "$or") {
      if (
        !Array.isArray(rule) ||
        !rule.some((alt) => matchPolicy(alt as Record<string, unknown>, attribute, body))
      ) {
        return false;
      }
      continue;
    }
    if (attribute === undefined && rule !== null && typeof rule === "object" && !Array.isArray(rule)) {
      const nested = (body as Record<string, unknown> | null)?.[key];
      if (!matchPolicy(rule as Record<string, unknown>, undefined, nested)) return false;
      continue;
    }
    const found = attribute === undefined ? bodyValues(body, key) : attribute(key);
    const rules = Array.isArray(rule) ? rule : [rule];
    if (!rules.some((r) => matchRule(r, found))) return false;
  }
  return true;
}

function matchRule(rule: unknown, found: Found): boolean {
  if (rule !== null && typeof rule === "object") {
    const [operator, operand] = Object.entries(rule as Record<string, unknown>)[0] ?? [];
    if (operator === "exists") return found.present === operand;
    if (!found.present) return false;
    return found.values.some((value) => matchOperator(operator ?? "", operand, value));
  }
  if (!found.present) return false;
  return found.values.some((value) =>
    typeof rule === "number" ? typeof value === "number" && value === rule : value === rule,
  );
}

function matchOperator(operator: string, operand: unknown, value: Scalar): boolean {
  switch (operator) {
    case "prefix":
      return typeof value === "string" && value.startsWith(String(operand));
    case "suffix":
      return typeof value === "string" && value.endsWith(String(operand));
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === String(operand).toLowerCase();
    case "anything-but": {
      if (operand !== null && typeof operand === "object" && !Array.isArray(operand)) {
        const prefix = (operand as { prefix?: string }).prefix;
        return typeof value === "string" && prefix !== undefined && !value.startsWith(prefix);
      }
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.some((e) => e === value);
    }
    case "numeric": {
      if (typeof value !== "number" || !Array.isArray(operand)) return false;
      for (let i = 0; i + 1 < operand.length; i += 2) {
        const bound = Number(operand[i + 1]);
        const ok =
          operand[i] === "="
            ? value === bound
            : operand[i] === "<"
              ? value < bound
              : operand[i] === "<="
                ? value <= bound
                : operand[i] === ">"
                  ? value > bound
                  : operand[i] === ">="
                    ? value >= bound
                    : false;
        if (!ok) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Checks a FilterPolicy text as SNS does on Subscribe/SetSubscriptionAttributes: JSON object, at most 5
 * keys (attribute scope) and 150 combinations. Returns the reason it is invalid, or undefined.
 */
export function filterPolicyProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "FilterPolicy: failed to parse JSON.";
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return "FilterPolicy: must be a JSON object.";
  }
  const keys = Object.keys(parsed).filter((k) => k !== "$or");
  if (keys.length > 5) return "FilterPolicy: Filter policy can not have more than 5 keys";
  const combinations = keys.reduce((n, k) => {
    const rule = (parsed as Record<string, unknown>)[k];
    return n * (Array.isArray(rule) ? Math.max(1, rule.length) : 1);
  }, 1);
  if (combinations > 150) return "FilterPolicy: Filter policy is too complex";
  return undefined;
}
