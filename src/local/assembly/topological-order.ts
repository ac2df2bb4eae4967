/** Either the nodes in dependency order (dependencies first), or one cycle found among them. */
export type TopologicalResult =
  | { readonly ok: true; readonly order: readonly string[] }
  | { readonly ok: false; readonly cycle: readonly string[] };

/**
 * Orders `nodes` so that every node comes after its dependencies; ties keep the input order, so the
 * result is deterministic. Dependencies that are not among `nodes` are ignored (callers validate
 * them). A cycle is returned as the path that closes it, e.g. `["A", "B", "A"]`.
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
): TopologicalResult {
  const known = new Set(nodes);
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const order: string[] = [];

  const visit = (node: string): readonly string[] | undefined => {
    if (done.has(node)) return undefined;
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    path.push(node);
    onPath.add(node);
    for (const dependency of dependenciesOf(node)) {
      if (!known.has(dependency)) continue;
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    order.push(node);
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
}
