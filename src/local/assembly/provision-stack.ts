// Provisions one stack: resources in dependency order through their providers, then its outputs.
import { AccountmeshError, isAccountmeshError } from "../../shared/errors.js";
import { deepFreeze } from "./deep-freeze.js";
import { planStack, type StackPlan } from "./dependency-graph.js";
import { resolveDynamicReferences } from "./dynamic-references.js";
import { isRecord, SUPPORTED_INTRINSICS, show } from "./intrinsic-values.js";
import { createEvaluator } from "./intrinsics.js";
import { nameProperty } from "./placeholder-attributes.js";
import type { ProvisionedStacks } from "./provisioned-stacks.js";
import { isNotRunnableLocally } from "./resource-properties.js";
import { runInDependencyOrder } from "./run-in-dependency-order.js";
import { evaluateOutputs } from "./stack-outputs.js";
import { StackSymbols } from "./stack-symbols.js";
import { scanValue } from "./template-scan.js";
import type {
  DynamicReferenceResolver,
  Provisioned,
  ProvisionedStack,
  ResourceProvider,
  StackArtifact,
} from "./types.js";
import type { UnsupportedFeatureCollector } from "./unsupported-features.js";

export interface StackProvisioning {
  readonly providers: ReadonlyMap<string, ResourceProvider>;
  readonly inertTypes: ReadonlyMap<string, string>;
  readonly resolveDynamicReference: DynamicReferenceResolver;
  readonly onProgress: (line: string) => void;
  readonly concurrency: number;
  readonly unsupported: UnsupportedFeatureCollector;
  readonly provisioned: ProvisionedStacks;
}

export async function provisionStack(
  stack: StackArtifact,
  context: StackProvisioning,
): Promise<ProvisionedStack> {
  const { providers, inertTypes, resolveDynamicReference } = context;
  const resources = stack.template.Resources;
  const symbols = new StackSymbols(stack, context.provisioned);
  const evaluator = createEvaluator({ stack, symbols, resolveDynamicReference });
  // Conditions read only parameters and mappings, so they are decided before any resource exists.
  const plan = planStack(stack, (name, site) => evaluator.condition(name, site));
  symbols.skip(plan.skipped);
  recordStaticFeatures(stack, plan, context);

  const unhonoured = new Map<string, readonly string[]>();
  const notRunnable = new Map<string, string>();
  const provisionResource = async (id: string): Promise<void> => {
    const type = resources[id]?.Type ?? "";
    const provider = providers.get(type);
    if (!provider) {
      symbols.stub(id, type, inertTypes.has(type) ? "inert" : "unsupported", physicalName(id));
      return;
    }
    const site = { stack: stack.id, element: id, path: "Properties" };
    const evaluated = evaluator.evaluate(resources[id]?.Properties ?? {}, site);
    const properties = deepFreeze(resolveDynamicReferences(evaluated, stack, resolveDynamicReference, site));
    if (!isRecord(properties)) {
      throw new AccountmeshError(
        "INVALID_TEMPLATE",
        `Properties of ${stack.id}/${id} are ${show(properties)}.`,
        {
          stack: stack.id,
          logicalId: id,
        },
      );
    }
    unhonoured.set(
      id,
      Object.keys(properties).filter((name) => !provider.properties.includes(name)),
    );
    const created = await create(provider, stack, id, properties);
    if ("notRunnable" in created) {
      // Recognised but not runnable here (a Python function): a placeholder, reported, not a refusal.
      const name = physicalName(id);
      const placeholder = symbols.stub(id, type, "unsupported", name);
      notRunnable.set(id, created.notRunnable);
      context.onProgress(
        `${stack.id}: ${type} ${id} → ${placeholder.ref} (placeholder: ${created.notRunnable})`,
      );
      return;
    }
    const { ref, attributes = {} } = created;
    symbols.set({ logicalId: id, type, ref, attributes, status: "provisioned" });
    context.onProgress(`${stack.id}: ${type} ${id} → ${ref}`);
  };
  /** The physical name the template gives a resource we do not create, when it is a plain value. */
  const physicalName = (id: string): string | undefined => {
    const type = resources[id]?.Type ?? "";
    const value = resources[id]?.Properties?.[nameProperty(type)];
    if (value === undefined) return undefined;
    try {
      const name = evaluator.evaluate(value, {
        stack: stack.id,
        element: id,
        path: `Properties.${nameProperty(type)}`,
      });
      return typeof name === "string" && name !== "" ? name : undefined;
    } catch {
      return undefined; // a name we cannot work out locally: the generated one will do
    }
  };
  await runInDependencyOrder(
    plan.order,
    (id) => plan.dependencies.get(id) ?? [],
    provisionResource,
    context.concurrency,
  );

  // Recorded in plan order (not completion order) so the report is the same on every start.
  for (const id of plan.order) {
    const reason = notRunnable.get(id);
    if (reason !== undefined) {
      context.unsupported.add("resource-type", `${resources[id]?.Type}`, `${stack.id}/${id}`, reason);
      continue;
    }
    for (const name of unhonoured.get(id) ?? []) {
      context.unsupported.add("property", `${resources[id]?.Type}.${name}`, `${stack.id}/${id}`);
    }
  }
  return Object.freeze({
    artifact: stack,
    resources: symbols.provisioned(),
    outputs: evaluateOutputs(stack, evaluator),
    skipped: Object.freeze([...plan.skipped]),
  });
}

/** Types without provider, inert types and unsupported intrinsics: known before anything is created. */
function recordStaticFeatures(stack: StackArtifact, plan: StackPlan, context: StackProvisioning): void {
  const { unsupported } = context;
  const recordIntrinsics = (names: ReadonlySet<string>, where: string): void => {
    for (const name of names) if (!SUPPORTED_INTRINSICS.has(name)) unsupported.add("intrinsic", name, where);
  };
  for (const id of plan.order) {
    const type = stack.template.Resources[id]?.Type ?? "";
    const where = `${stack.id}/${id}`;
    const inert = context.inertTypes.get(type);
    if (context.providers.has(type)) {
      recordIntrinsics(plan.intrinsics.get(id) ?? new Set(), where);
      // A provider that only hands out names and ARNs (log groups, buckets) is still listed as inert.
      if (inert !== undefined) unsupported.add("inert-type", type, where, inert);
    } else if (inert !== undefined) unsupported.add("inert-type", type, where, inert);
    else unsupported.add("resource-type", type, where);
  }
  for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
    recordIntrinsics(scanValue(output, new Set()).intrinsics, `${stack.id}/Outputs.${name}`);
  }
}

async function create(
  provider: ResourceProvider,
  stack: StackArtifact,
  logicalId: string,
  properties: Readonly<Record<string, unknown>>,
): Promise<Provisioned | { readonly notRunnable: string }> {
  const name = `${stack.id}/${logicalId} (${provider.type})`;
  const details = { stack: stack.id, logicalId, type: provider.type };
  let result: Provisioned;
  try {
    result = await provider.create(Object.freeze({ stack, logicalId, type: provider.type, properties }));
  } catch (error) {
    if (isNotRunnableLocally(error)) return { notRunnable: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    const code = isAccountmeshError(error) ? ` [${error.code}]` : "";
    throw new AccountmeshError("PROVIDER_FAILED", `Creating ${name} failed${code}: ${reason}`, {
      ...details,
      cause: error,
    });
  }
  if (typeof result?.ref !== "string" || result.ref === "") {
    throw new AccountmeshError(
      "PROVIDER_FAILED",
      `The provider of ${provider.type} returned no Ref value for ${name} (received ${show(result)}).`,
      details,
    );
  }
  try {
    // A copy: what the evaluator hands to later resources must not alias the provider's own state.
    return deepFreeze({ ref: result.ref, attributes: structuredClone(result.attributes ?? {}) });
  } catch (error) {
    throw new AccountmeshError(
      "PROVIDER_FAILED",
      `The provider of ${provider.type} returned attributes for ${name} that are not plain data: ${String(error)}`,
      details,
    );
  }
}
