// The layering rule of ARCHITECTURE.md §3, checked from the imports in src/: every module may import
// only modules of its own layer or below, the CLI reaches the runtime only through src/local/index.ts,
// handlers and infra stay apart from the runtime, and no import cycle exists between files.
// (dependency-cruiser, the usual tool, needs Node ≥ 22 from v18 on, and v17 cannot resolve the `.js`
// specifiers of TypeScript ESM without the TypeScript compiler API, which TypeScript 7 does not ship.)
// Service plugins (src/local/aws/services/<service>/) never import each other.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Layers from the bottom up; a path belongs to the longest prefix that names it. */
export const LAYERS: readonly (readonly string[])[] = [
  ["src/shared"],
  ["src/local/http"],
  ["src/local/assembly"],
  ["src/local/iam"],
  ["src/local/network", "src/local/lambda", "src/local/workloads"],
  ["src/local/aws"],
  ["src/local/platform"],
  ["src/local/aws/services"],
  ["src/local/plugins.ts", "src/local/gateway"],
  ["src/local/runtime", "src/local/runtime.ts", "src/local/runtime-lock.ts", "src/local/endpoints-file.ts"],
  ["src/local/index.ts"],
  ["src/cli"],
];

/** Parts that must not import each other or the runtime (they meet only through cdk.out). */
export const APART: readonly string[] = ["src/infra", "src/handlers", "src/local"];

export interface ImportEdge {
  readonly from: string; // project-relative path
  readonly to: string;
}

export interface Violation {
  readonly rule: "upward" | "apart" | "cli-entry" | "plugin" | "cycle";
  readonly message: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"'`]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

/** Relative imports of every non-test TypeScript file under `src/`. */
export function importsOf(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of walk(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier === undefined || !specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier).replace(/\.js$/, ".ts");
      edges.push({ from: relative(root, file), to: relative(root, target) });
    }
  }
  return edges;
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (/\.(ts|mjs)$/.test(entry) && !/\.test(-support)?\.ts$|\.test-support\.ts$/.test(entry))
      files.push(path);
  }
  return files;
}

function layerOf(path: string): number | undefined {
  let best: { layer: number; length: number } | undefined;
  for (const [layer, prefixes] of LAYERS.entries()) {
    for (const prefix of prefixes) {
      if (
        (path === prefix || path.startsWith(`${prefix}/`)) &&
        (best === undefined || prefix.length > best.length)
      ) {
        best = { layer, length: prefix.length };
      }
    }
  }
  return best?.layer;
}

const pluginOf = (path: string) => /^src\/local\/aws\/services\/([^/]+)\//.exec(path)?.[1];

const partOf = (path: string) => APART.find((part) => path === part || path.startsWith(`${part}/`));

/** Every violation of the rules among `edges`. */
export function checkLayers(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  for (const { from, to } of edges) {
    const [fromPart, toPart] = [partOf(from), partOf(to)];
    if (fromPart !== undefined && toPart !== undefined && fromPart !== toPart) {
      violations.push({
        rule: "apart",
        message: `${from} imports ${to}: ${fromPart} and ${toPart} meet only through cdk.out`,
      });
      continue;
    }
    if (from.startsWith("src/cli/") && to.startsWith("src/local/") && to !== "src/local/index.ts") {
      violations.push({
        rule: "cli-entry",
        message: `${from} imports ${to}: the CLI uses the runtime only through src/local/index.ts`,
      });
      continue;
    }
    const [fromPlugin, toPlugin] = [pluginOf(from), pluginOf(to)];
    if (fromPlugin !== undefined && toPlugin !== undefined && fromPlugin !== toPlugin) {
      violations.push({
        rule: "plugin",
        message: `${from} imports ${to}: a plugin reaches another service only through the platform's AWS client`,
      });
      continue;
    }
    const [fromLayer, toLayer] = [layerOf(from), layerOf(to)];
    if (fromLayer !== undefined && toLayer !== undefined && toLayer > fromLayer) {
      violations.push({
        rule: "upward",
        message: `${from} (layer ${LAYERS[fromLayer]?.join(", ")}) imports ${to} (layer ${LAYERS[toLayer]?.join(", ")}), which sits above it`,
      });
    }
  }
  for (const cycle of cyclesOf(edges)) {
    violations.push({ rule: "cycle", message: `import cycle: ${cycle.join(" → ")}` });
  }
  return violations;
}

/** File-level cycles (each reported once, from its smallest path). */
function cyclesOf(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (state.get(target) === "open") {
        const found = stack.slice(stack.indexOf(target));
        const key = [...found].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          const start = found.indexOf([...found].sort()[0] ?? "");
          const cycle = [...found.slice(start), ...found.slice(0, start)];
          cycles.push([...cycle, cycle[0] ?? ""]);
        }
      } else if (state.get(target) === undefined) visit(target);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...next.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}
