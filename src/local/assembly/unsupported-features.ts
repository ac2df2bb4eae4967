// Collects what the templates use that the local runtime does not honour, and prints it.
import type { UnsupportedFeature } from "./types.js";

type Kind = UnsupportedFeature["kind"];

const KIND_ORDER: readonly Kind[] = ["resource-type", "property", "intrinsic", "condition-key", "inert-type"];

const KIND_LABEL: Readonly<Record<Kind, string>> = {
  "resource-type": "resources not created locally (placeholder Ref and attributes in AWS's formats)",
  property: "properties not honoured",
  intrinsic: "intrinsic functions not supported",
  "condition-key": "IAM condition keys not evaluated",
  "inert-type": "resource types with nothing to run locally",
};

/**
 * Deduplicates features by kind and name, counting occurrences and keeping the first place seen
 * (every place, for resources not created locally: the user needs each logical id).
 */
export class UnsupportedFeatureCollector {
  private readonly features = new Map<string, UnsupportedFeature>();

  add(kind: Kind, name: string, where: string, detail?: string): void {
    const key = `${kind}\u0000${name}`;
    const known = this.features.get(key);
    const everyPlace = kind === "resource-type";
    this.features.set(
      key,
      known
        ? {
            ...known,
            count: known.count + 1,
            ...(everyPlace ? { places: [...(known.places ?? [known.where]), where] } : {}),
          }
        : { kind, name, where, count: 1, ...(detail === undefined ? {} : { detail }) },
    );
  }

  /** Sorted by kind (as in the report), then name; frozen. */
  list(): readonly UnsupportedFeature[] {
    return Object.freeze(
      [...this.features.values()]
        .sort(
          (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
        )
        .map((feature) => Object.freeze(feature)),
    );
  }
}

/**
 * The start-up report: one heading per kind, one line per feature (count, an example place, why).
 * No features, no lines.
 */
export function formatUnsupportedReport(features: readonly UnsupportedFeature[]): string[] {
  const lines: string[] = [];
  for (const kind of KIND_ORDER) {
    const ofKind = features.filter((feature) => feature.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`${KIND_LABEL[kind]} (${ofKind.length}):`);
    for (const feature of ofKind) {
      const times = feature.count === 1 ? "" : ` ×${feature.count}`;
      const example =
        feature.count === 1 ? feature.where : (feature.places?.join(", ") ?? `e.g. ${feature.where}`);
      const detail = feature.detail === undefined ? "" : ` — ${feature.detail}`;
      lines.push(`  ${feature.name}${times} (${example})${detail}`);
    }
  }
  return lines;
}
