// Provisions a cloud assembly: stacks in deploy order, each through the resource providers.
import { AccountmeshError } from "../../shared/errors.js";
import { provisionStack } from "./provision-stack.js";
import { ProvisionedStacks } from "./provisioned-stacks.js";
import type {
  CloudAssemblyModel,
  DynamicReferenceResolver,
  ProvisionedSystem,
  ResourceProvider,
} from "./types.js";
import { UnsupportedFeatureCollector } from "./unsupported-features.js";

export interface ProvisionOptions {
  readonly providers: readonly ResourceProvider[];
  /** Types with nothing to run locally (type → why), e.g. `AWS::CDK::Metadata`. A provider of such a type only hands out names and ARNs; the type is still listed as inert. */
  readonly inertTypes: ReadonlyMap<string, string>;
  readonly resolveDynamicReference: DynamicReferenceResolver;
  readonly onProgress?: (line: string) => void;
  /** Independent resources of a stack created at once (default 4). */
  readonly concurrency?: number;
}

export async function provisionAssembly(
  model: CloudAssemblyModel,
  options: ProvisionOptions,
): Promise<ProvisionedSystem> {
  const providers = new Map<string, ResourceProvider>();
  for (const provider of options.providers) {
    if (providers.has(provider.type)) {
      throw new AccountmeshError(
        "DUPLICATE_PROVIDER",
        `Two resource providers are registered for ${provider.type}; register exactly one.`,
        { type: provider.type },
      );
    }
    providers.set(provider.type, provider);
  }
  const unsupported = new UnsupportedFeatureCollector();
  const provisioned = new ProvisionedStacks(model);
  for (const stack of model.stacks) {
    options.onProgress?.(`${stack.id}: provisioning account ${stack.account} (${stack.region})`);
    const result = await provisionStack(stack, {
      providers,
      inertTypes: options.inertTypes,
      resolveDynamicReference: options.resolveDynamicReference,
      onProgress: options.onProgress ?? (() => {}),
      concurrency: options.concurrency ?? 4,
      unsupported,
      provisioned,
    });
    provisioned.add(result);
  }
  return Object.freeze({ model, stacks: Object.freeze(provisioned.all()), unsupported: unsupported.list() });
}
