// The resources of one stack to provision: Condition-filtered, in dependency order.
import { AccountmeshError } from "../../shared/errors.js";
import type { EvaluationSite } from "./symbol-lookup.js";
import { scanValue } from "./template-scan.js";
import { topologicalOrder } from "./topological-order.js";
import type { StackArtifact } from "./types.js";

export interface StackPlan {
  /** Resources to provision (Condition true or none), dependencies first. */
  readonly order: readonly string[];
  /** For each resource in `order`, the resources in `order` it waits for. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Resources whose Condition is false. */
  readonly skipped: readonly string[];
  /** Intrinsic function names used by each resource in `order` (its Properties). */
  readonly intrinsics: ReadonlyMap<string, ReadonlySet<string>>;
}

export function planStack(
  stack: StackArtifact,
  condition: (name: string, site: EvaluationSite) => boolean,
): StackPlan {
  const resources = stack.template.Resources;
  const ids = Object.keys(resources);
  const skipped = ids.filter((id) => {
    const name = resources[id]?.Condition;
    return name !== undefined && !condition(name, { stack: stack.id, element: id, path: "Condition" });
  });
  const skippedSet = new Set(skipped);
  const active = ids.filter((id) => !skippedSet.has(id));
  const all = new Set(ids);
  const dependencies = new Map<string, readonly string[]>();
  const intrinsics = new Map<string, ReadonlySet<string>>();
  for (const id of active) {
    const resource = resources[id];
    const scan = scanValue(resource?.Properties ?? {}, all);
    const dependsOn = resource?.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const target of dependsOn) {
      if (!all.has(target)) {
        throw new AccountmeshError(
          "UNKNOWN_REFERENCE",
          `Resource ${stack.id}/${id} DependsOn "${target}", which is no resource of the stack.`,
          { stack: stack.id, element: id, reference: target },
        );
      }
    }
    const targets = new Set([...scan.references, ...dependsOn].filter((target) => !skippedSet.has(target)));
    dependencies.set(id, [...targets]);
    intrinsics.set(id, scan.intrinsics);
  }
  const sorted = topologicalOrder(active, (id) => dependencies.get(id) ?? []);
  if (!sorted.ok) {
    throw new AccountmeshError(
      "ASSEMBLY_CYCLE",
      `Resources of stack ${stack.id} depend on each other in a cycle: ${sorted.cycle.join(" → ")}. Break one of these references or DependsOn.`,
      { stack: stack.id, cycle: sorted.cycle },
    );
  }
  return { order: sorted.order, dependencies, skipped, intrinsics };
}
