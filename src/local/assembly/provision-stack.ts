// Provisions one stack: resources in dependency order through their providers, then its outputs.
import { AccountmeshError, isAccountmeshError } from "../../shared/errors.js";
import { deepFreeze } from "./deep-freeze.js";
import { planStack, type StackPlan } from "./dependency-graph.js";
import { resolveDynamicReferences } from "./dynamic-references.js";
import { isRecord, SUPPORTED_INTRINSICS, show } from "./intrinsic-values.js";
import { createEvaluator } from "./intrinsics.js";
import type { ProvisionedStacks } from "./provisioned-stacks.js";
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
  const provisionResource = async (id: string): Promise<void> => {
    const type = resources[id]?.Type ?? "";
    const provider = providers.get(type);
    if (!provider) {
      const status = inertTypes.has(type) ? "inert" : "unsupported";
      symbols.set({ logicalId: id, type, ref: id, attributes: Object.freeze({}), status });
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
    const { ref, attributes = {} } = await create(provider, stack, id, properties);
    symbols.set({ logicalId: id, type, ref, attributes, status: "provisioned" });
    context.onProgress(`${stack.id}: ${type} ${id} → ${ref}`);
  };
  await runInDependencyOrder(
    plan.order,
    (id) => plan.dependencies.get(id) ?? [],
    provisionResource,
    context.concurrency,
  );

  // Recorded in plan order (not completion order) so the report is the same on every start.
  for (const id of plan.order) {
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
): Promise<Provisioned> {
  const name = `${stack.id}/${logicalId} (${provider.type})`;
  const details = { stack: stack.id, logicalId, type: provider.type };
  let result: Provisioned;
  try {
    result = await provider.create(Object.freeze({ stack, logicalId, type: provider.type, properties }));
  } catch (error) {
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
