// `{{resolve:<service>:<reference>}}` inside resolved strings, replaced through the caller's resolver.
import { AccountmeshError } from "../../shared/errors.js";
import { isRecord } from "./intrinsic-values.js";
import { describeSite, type EvaluationSite } from "./symbol-lookup.js";
import type { DynamicReferenceResolver, StackArtifact } from "./types.js";

const DYNAMIC_REFERENCE = /\{\{resolve:([a-z0-9-]+):(.*?)\}\}/g;
const SERVICES = new Set(["ssm", "ssm-secure", "secretsmanager"]);

/** A copy of `value` with every dynamic reference in its strings resolved. */
export function resolveDynamicReferences(
  value: unknown,
  stack: StackArtifact,
  resolver: DynamicReferenceResolver,
  site: EvaluationSite,
): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{resolve:")) return value;
    return value.replace(DYNAMIC_REFERENCE, (text, service: string, reference: string) => {
      if (!SERVICES.has(service)) {
        throw new AccountmeshError(
          "INVALID_DYNAMIC_REFERENCE",
          `Dynamic reference ${text} at ${describeSite(site)} names service "${service}"; expected ssm, ssm-secure or secretsmanager.`,
          { stack: site.stack, element: site.element, path: site.path, reference: text },
        );
      }
      return resolver(service, reference, stack.account, stack.region);
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, i) =>
      resolveDynamicReferences(item, stack, resolver, { ...site, path: `${site.path}[${i}]` }),
    );
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveDynamicReferences(item, stack, resolver, { ...site, path: `${site.path}.${key}` }),
      ]),
    );
  }
  return value;
}
