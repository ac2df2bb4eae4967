// cdk.out → CloudAssemblyModel: stacks (account, region, frozen template, assets) in deploy order.
// Environment-agnostic stacks get the default account and region; `stacks` selects some of them.
import { resolve } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import { readAssetManifest, readImageAssets } from "./asset-manifest.js";
import {
  ASSET_MANIFEST_ARTIFACT,
  artifactFile,
  type ManifestArtifact,
  NESTED_ASSEMBLY_ARTIFACT,
  readJsonFile,
  readManifest,
  STACK_ARTIFACT,
} from "./cloud-assembly-manifest.js";
import { deepFreeze } from "./deep-freeze.js";
import { readLegacyAssets } from "./legacy-assets.js";
import {
  type DefaultEnvironment,
  LOCAL_DEFAULT_ACCOUNT,
  LOCAL_DEFAULT_REGION,
  stackEnvironment,
} from "./stack-environment.js";
import { selectStacks } from "./stack-selection.js";
import { topologicalOrder } from "./topological-order.js";
import type {
  AssetSource,
  CloudAssemblyModel,
  ImageAsset,
  NestedAssembly,
  StackArtifact,
  Template,
} from "./types.js";

export interface LoadOptions {
  /** Account and region of environment-agnostic stacks (default 000000000000, us-east-1). */
  readonly defaultEnvironment?: DefaultEnvironment;
  /** Stack patterns as `cdk deploy` takes them (id, display name or stack name; `*` wildcard); default all. */
  readonly stacks?: readonly string[];
  /** Template parameter values, as `cdk deploy --parameters [Stack:]Name=value` gives them. */
  readonly parameters?: readonly ParameterValue[];
}

/** A value for a template parameter: of one stack (by id, display name or stack name), or of every stack. */
export interface ParameterValue {
  readonly stack?: string;
  readonly name: string;
  readonly value: string;
}

/** Reads the cloud assembly in `dir` once into an immutable model. */
export async function loadAssembly(dir: string, options: LoadOptions = {}): Promise<CloudAssemblyModel> {
  const root = resolve(dir);
  const defaults = options.defaultEnvironment ?? {
    account: LOCAL_DEFAULT_ACCOUNT,
    region: LOCAL_DEFAULT_REGION,
  };
  const { artifacts } = await readManifest(root);
  // Nested assemblies are CDK Stages: what a pipeline deploys to its environments. They are not run
  // locally (the same stacks run from the top-level app); the model lists them so they are reported.
  const nestedAssemblies = await Promise.all(
    Object.keys(artifacts)
      .filter((id) => artifacts[id]?.type === NESTED_ASSEMBLY_ARTIFACT)
      .map((id) => readNestedAssembly(root, id, artifacts[id] as ManifestArtifact)),
  );
  const allStackIds = Object.keys(artifacts).filter((id) => artifacts[id]?.type === STACK_ARTIFACT);
  const selected = selectStacks(
    allStackIds.map((id) => ({
      id,
      names: stackNames(id, artifacts[id] as ManifestArtifact),
      dependencies: (artifacts[id]?.dependencies ?? []).filter((d) => artifacts[d]?.type === STACK_ARTIFACT),
    })),
    options.stacks ?? [],
  );
  const stackIds = allStackIds.filter((id) => selected.has(id));
  const stacks = await Promise.all(
    stackIds.map((id) => loadStack(root, id, artifacts, defaults, options.parameters ?? [])),
  );
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  const sorted = topologicalOrder(stackIds, (id) => byId.get(id)?.dependencies ?? []);
  if (!sorted.ok) {
    throw new AccountmeshError(
      "ASSEMBLY_CYCLE",
      `Stacks of ${root} depend on each other in a cycle: ${sorted.cycle.join(" → ")}. Remove one of these stack dependencies.`,
      { dir: root, cycle: sorted.cycle },
    );
  }
  const ordered = sorted.order.flatMap((id) => {
    const stack = byId.get(id);
    return stack ? [stack] : [];
  });
  return Object.freeze({
    dir: root,
    stacks: Object.freeze(ordered),
    ...(nestedAssemblies.length === 0 ? {} : { nestedAssemblies: Object.freeze(nestedAssemblies) }),
  });
}

/** A nested assembly's name and stack names, from its own manifest (`<dir>/<directoryName>/manifest.json`). */
async function readNestedAssembly(
  root: string,
  id: string,
  artifact: ManifestArtifact,
): Promise<NestedAssembly> {
  const directoryName = artifact.properties?.directoryName;
  if (typeof directoryName !== "string" || directoryName === "") {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Nested cloud assembly "${id}" in ${root}/manifest.json has no properties.directoryName; re-run \`npx cdk synth\`.`,
      { dir: root, artifact: id },
    );
  }
  const nested = await readManifest(resolve(root, directoryName));
  const stackNames = Object.entries(nested.artifacts)
    .filter(([, a]) => a.type === STACK_ARTIFACT)
    .map(([stackId, a]) => {
      const name = a.properties?.stackName;
      return typeof name === "string" ? name : stackId;
    });
  const displayName = artifact.properties?.displayName;
  return Object.freeze({
    id,
    displayName: typeof displayName === "string" ? displayName : id,
    stackNames: Object.freeze(stackNames),
  });
}

async function loadStack(
  root: string,
  id: string,
  artifacts: Readonly<Record<string, ManifestArtifact>>,
  defaults: DefaultEnvironment,
  parameters: readonly ParameterValue[],
): Promise<StackArtifact> {
  const artifact = artifacts[id] as ManifestArtifact;
  const { account, region, agnostic } = stackEnvironment(id, artifact.environment, defaults);
  const stackName = artifact.properties?.stackName;
  const stackDependencies: string[] = [];
  const assets = new Map<string, AssetSource>();
  const images = new Map<string, ImageAsset>();
  for (const dependency of artifact.dependencies ?? []) {
    const target = artifacts[dependency];
    if (!target) {
      throw new AccountmeshError(
        "ASSEMBLY_INVALID",
        `Stack ${id} depends on artifact "${dependency}", which is not in manifest.json. Re-run \`npx cdk synth\`.`,
        { stack: id, dependency },
      );
    }
    if (target.type === STACK_ARTIFACT) stackDependencies.push(dependency);
    if (target.type === ASSET_MANIFEST_ARTIFACT) {
      const file = artifactFile(target, dependency, "file");
      for (const [key, asset] of await readAssetManifest(root, file, id)) assets.set(key, asset);
      for (const [tag, image] of await readImageAssets(root, file, id)) images.set(tag, image);
    }
  }
  // Stacks of the legacy synthesizer: assets in metadata, their locations as template parameters.
  const metadata = {
    ...(artifact.metadata ?? {}),
    ...(artifact.additionalMetadataFile === undefined
      ? {}
      : ((await readJsonFile(
          resolve(root, artifact.additionalMetadataFile),
          "ASSEMBLY_INVALID",
          `Metadata file of stack ${id}`,
        )) as Record<string, unknown>)),
  };
  const legacy = await readLegacyAssets(root, id, metadata, `cdk-assets-${account}-${region}`);
  for (const [key, asset] of legacy.assets) assets.set(key, asset);
  const names = stackNames(id, artifact);
  const parameterValues = new Map(legacy.parameters);
  for (const given of parameters) {
    if (given.stack === undefined || names.includes(given.stack))
      parameterValues.set(given.name, given.value);
  }
  return Object.freeze({
    id,
    stackName: typeof stackName === "string" && stackName !== "" ? stackName : id,
    account,
    region,
    template: await readTemplate(root, id, artifactFile(artifact, id, "templateFile")),
    dependencies: Object.freeze(stackDependencies),
    assets,
    ...(images.size === 0 ? {} : { images }),
    ...(parameterValues.size === 0 ? {} : { parameterValues }),
    ...(agnostic ? { environmentAgnostic: true } : {}),
  });
}

/** Display name (`Stage/Stack`), artifact id and stack name, without repeats. */
function stackNames(id: string, artifact: ManifestArtifact): string[] {
  const names = [artifact.displayName, id, artifact.properties?.stackName];
  return [...new Set(names.filter((n): n is string => typeof n === "string" && n !== ""))];
}

async function readTemplate(root: string, id: string, file: string): Promise<Template> {
  const path = resolve(root, file);
  const json = await readJsonFile(path, "ASSEMBLY_TEMPLATE_NOT_FOUND", `Template of stack ${id}`);
  const resources = (json as { Resources?: unknown } | null)?.Resources;
  if (typeof resources !== "object" || resources === null || Array.isArray(resources)) {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Template of stack ${id} (${path}) has no Resources section.`,
      {
        stack: id,
        path,
      },
    );
  }
  return deepFreeze(json as Template);
}
