// cdk.out → CloudAssemblyModel: stacks (account, region, frozen template, assets) in deploy order.
import { resolve } from "node:path";
import { AccountmeshError } from "../../shared/errors.js";
import { readAssetManifest } from "./asset-manifest.js";
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
import { topologicalOrder } from "./topological-order.js";
import type { AssetSource, CloudAssemblyModel, StackArtifact, Template } from "./types.js";

/** Reads the cloud assembly in `dir` once into an immutable model. */
export async function loadAssembly(dir: string): Promise<CloudAssemblyModel> {
  const root = resolve(dir);
  const { artifacts } = await readManifest(root);
  const nested = Object.entries(artifacts).find(([, artifact]) => artifact.type === NESTED_ASSEMBLY_ARTIFACT);
  if (nested) {
    throw new AccountmeshError(
      "ASSEMBLY_UNSUPPORTED",
      `Cloud assembly ${root} contains a nested assembly "${nested[0]}" (a CDK Stage); the local runtime reads stacks of the top-level assembly only. Synthesize the stages' stacks at the top level.`,
      { dir: root, artifact: nested[0] },
    );
  }
  const stackIds = Object.keys(artifacts).filter((id) => artifacts[id]?.type === STACK_ARTIFACT);
  const stacks = await Promise.all(stackIds.map((id) => loadStack(root, id, artifacts)));
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
  return Object.freeze({ dir: root, stacks: Object.freeze(ordered) });
}

async function loadStack(
  root: string,
  id: string,
  artifacts: Readonly<Record<string, ManifestArtifact>>,
): Promise<StackArtifact> {
  const artifact = artifacts[id] as ManifestArtifact;
  const { account, region } = parseEnvironment(id, artifact.environment);
  const stackName = artifact.properties?.stackName;
  const stackDependencies: string[] = [];
  const assets = new Map<string, AssetSource>();
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
    }
  }
  return Object.freeze({
    id,
    stackName: typeof stackName === "string" && stackName !== "" ? stackName : id,
    account,
    region,
    template: await readTemplate(root, id, artifactFile(artifact, id, "templateFile")),
    dependencies: Object.freeze(stackDependencies),
    assets,
  });
}

function parseEnvironment(id: string, environment: string | undefined): { account: string; region: string } {
  const match = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(environment ?? "");
  if (!match?.[1] || !match[2]) {
    throw new AccountmeshError(
      "ASSEMBLY_INVALID",
      `Stack ${id} has environment ${JSON.stringify(environment)}; the local runtime needs an explicit account and region (aws://<12-digit account>/<region>). Set \`env\` on the stack.`,
      { stack: id, environment },
    );
  }
  return { account: match[1], region: match[2] };
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
