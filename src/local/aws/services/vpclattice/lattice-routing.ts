// Which action a listener takes for a request: its rules in priority order (lowest first), the
// default action last; a rule matches when its method (exact), path (exact or prefix) and every header
// match (exact, prefix or contains) hold. Path and header matches ignore case unless CaseSensitive.
// A weighted forward picks target groups in proportion to their weights (smooth weighted round robin,
// so a run is reproducible). Source: VPC Lattice User Guide, "Listener rules".
import type { HttpMatch, LatticeListener, RuleAction, StringMatch } from "./lattice-state.js";

export interface RoutedRequest {
  readonly method: string;
  /** Without the query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

function matches(match: StringMatch, value: string): boolean {
  const expected = match.caseSensitive ? match.value : match.value.toLowerCase();
  const actual = match.caseSensitive ? value : value.toLowerCase();
  switch (match.kind) {
    case "exact":
      return actual === expected;
    case "prefix":
      return actual.startsWith(expected);
    case "contains":
      return actual.includes(expected);
  }
}

export function ruleMatches(match: HttpMatch, request: RoutedRequest): boolean {
  if (match.method !== undefined && match.method !== request.method) return false;
  if (match.path !== undefined && !matches(match.path, request.path)) return false;
  return match.headers.every((h) => (request.headers[h.name] ?? []).some((value) => matches(h, value)));
}

/** The action of the first matching rule, else the listener's default action. */
export function routeAction(
  listener: LatticeListener,
  request: RoutedRequest,
): { action: RuleAction; rule: string } {
  for (const rule of listener.rules) {
    if (ruleMatches(rule.match, request)) return { action: rule.action, rule: rule.name };
  }
  return { action: listener.defaultAction, rule: "default" };
}

/** Smooth weighted round robin over one forward action's target groups (state kept per action). */
export class WeightedPicker {
  readonly #current = new WeakMap<RuleAction, number[]>();

  /** The ARN of the next target group; undefined when every weight is 0. */
  pick(action: Extract<RuleAction, { kind: "forward" }>): string | undefined {
    const groups = action.targetGroups;
    const total = groups.reduce((sum, g) => sum + g.weight, 0);
    if (total === 0) return undefined;
    let current = this.#current.get(action);
    if (current === undefined) {
      current = groups.map(() => 0);
      this.#current.set(action, current);
    }
    let best = 0;
    for (const [i, group] of groups.entries()) {
      current[i] = (current[i] ?? 0) + group.weight;
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    }
    current[best] = (current[best] ?? 0) - total;
    return groups[best]?.arn;
  }
}
