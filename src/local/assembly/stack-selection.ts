// `--stacks`: which stacks of a cloud assembly to run, chosen as `cdk deploy <patterns>` chooses them
// (by artifact id, display name or stack name, `*` as a wildcard), with the stacks they depend on.
import { AccountmeshError } from "../../shared/errors.js";

export interface SelectableStack {
  readonly id: string;
  /** Every name the stack answers to, the one to show first: display name (`Stage/Stack`), artifact id, stack name. */
  readonly names: readonly string[];
  readonly dependencies: readonly string[];
}

/**
 * The ids of the stacks `patterns` select, plus every stack they depend on (transitively). No
 * patterns select every stack. A pattern that matches nothing is an error naming the stacks there are.
 */
export function selectStacks(stacks: readonly SelectableStack[], patterns: readonly string[]): Set<string> {
  if (patterns.length === 0) return new Set(stacks.map((s) => s.id));
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const selected = new Set<string>();
  const add = (id: string): void => {
    if (selected.has(id)) return;
    selected.add(id);
    for (const dependency of byId.get(id)?.dependencies ?? []) add(dependency);
  };
  for (const pattern of patterns) {
    const matcher = globMatcher(pattern);
    const matches = stacks.filter((stack) => stack.names.some((name) => matcher.test(name)));
    if (matches.length === 0) {
      throw new AccountmeshError(
        "NO_STACK_SELECTED",
        `No stack of the cloud assembly matches ${JSON.stringify(pattern)}; its stacks are ${stacks.map((s) => s.names[0] ?? s.id).join(", ") || "none"}.`,
        { pattern },
      );
    }
    for (const stack of matches) add(stack.id);
  }
  return selected;
}

/** `*` matches any run of characters (slashes included, as minimatch's `**` would), `?` one. */
function globMatcher(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
