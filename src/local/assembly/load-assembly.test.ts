import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { assemblyFingerprint } from "./assembly-fingerprint.js";
import { loadAssembly } from "./load-assembly.js";

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface StackSpec {
  readonly id: string;
  readonly env?: string;
  readonly stackName?: string;
  readonly dependsOn?: readonly string[];
  readonly assets?: boolean;
}

/** Writes a small cloud assembly: each stack with a template and (optionally) one zip asset. */
function writeAssembly(stacks: readonly StackSpec[]): string {
  const dir = mkdtempSync(join(tmpdir(), "assembly-"));
  temporary.push(dir);
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const dependencies = [...(stack.dependsOn ?? [])];
    if (stack.assets) {
      const hash = `${stack.id.toLowerCase()}hash`;
      mkdirSync(join(dir, `asset.${hash}`));
      writeFileSync(join(dir, `asset.${hash}`, "index.js"), "exports.handler = async () => 1;");
      const destination = { bucketName: "b", objectKey: `${hash}.zip` };
      const files = {
        [hash]: { source: { path: `asset.${hash}`, packaging: "zip" }, destinations: { d: destination } },
      };
      writeFileSync(join(dir, `${stack.id}.assets.json`), JSON.stringify({ version: "55.0.0", files }));
      artifacts[`${stack.id}.assets`] = {
        type: "cdk:asset-manifest",
        properties: { file: `${stack.id}.assets.json` },
      };
      dependencies.push(`${stack.id}.assets`);
    }
    const template = {
      Resources: { Queue: { Type: "AWS::SQS::Queue", Properties: { Tags: [{ Key: "k", Value: "v" }] } } },
    };
    writeFileSync(join(dir, `${stack.id}.template.json`), JSON.stringify(template));
    artifacts[stack.id] = {
      type: "aws:cloudformation:stack",
      environment: stack.env ?? "aws://111111111111/eu-central-1",
      properties: {
        templateFile: `${stack.id}.template.json`,
        ...(stack.stackName ? { stackName: stack.stackName } : {}),
      },
      dependencies,
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "55.0.0", artifacts }));
  return dir;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAccountmeshError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected an AccountmeshError");
}

describe("loadAssembly", () => {
  it("reads stacks in dependency order with account, region, name, frozen template and assets", async () => {
    const dir = writeAssembly([
      { id: "Consumer", dependsOn: ["Hub"], env: "aws://222222222222/eu-west-1", assets: true },
      { id: "Hub", stackName: "hub-stack" },
    ]);
    const model = await loadAssembly(dir);
    expect(model.dir).toBe(dir);
    expect(model.stacks.map((s) => [s.id, s.stackName, s.account, s.region, s.dependencies])).toEqual([
      ["Hub", "hub-stack", "111111111111", "eu-central-1", []],
      ["Consumer", "Consumer", "222222222222", "eu-west-1", ["Hub"]],
    ]);
    const consumer = model.stacks[1];
    expect(consumer?.assets.get("consumerhash.zip")).toEqual({
      hash: "consumerhash",
      path: join(dir, "asset.consumerhash"),
      packaging: "zip",
      objectKey: "consumerhash.zip",
    });
    expect(Object.isFrozen(consumer?.template.Resources.Queue?.Properties?.Tags)).toBe(true);
    expect(Object.isFrozen(model.stacks)).toBe(true);
  });

  it("fails with ASSEMBLY_NOT_FOUND when there is no manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assembly-"));
    temporary.push(dir);
    expect(await codeOf(loadAssembly(dir))).toMatch(/^ASSEMBLY_NOT_FOUND: .*cdk synth/);
  });

  it("names the stack whose template is missing", async () => {
    const dir = writeAssembly([{ id: "Hub" }]);
    rmSync(join(dir, "Hub.template.json"));
    expect(await codeOf(loadAssembly(dir))).toMatch(
      /^ASSEMBLY_TEMPLATE_NOT_FOUND: Template of stack Hub not found/,
    );
  });

  it("names the stack whose asset is missing", async () => {
    const dir = writeAssembly([{ id: "Hub", assets: true }]);
    rmSync(join(dir, "asset.hubhash"), { recursive: true });
    expect(await codeOf(loadAssembly(dir))).toMatch(
      /^ASSEMBLY_ASSET_NOT_FOUND: Asset hubhash of stack Hub is missing/,
    );
  });

  it("names the stacks of a dependency cycle", async () => {
    const dir = writeAssembly([
      { id: "A", dependsOn: ["B"] },
      { id: "B", dependsOn: ["A"] },
    ]);
    expect(await codeOf(loadAssembly(dir))).toMatch(/^ASSEMBLY_CYCLE: .*A → B → A/);
  });

  it("runs environment-agnostic stacks in the default account and region, or the ones given", async () => {
    const dir = writeAssembly([
      { id: "Agnostic", env: "aws://unknown-account/unknown-region" },
      { id: "RegionOnly", env: "aws://222222222222/unknown-region" },
      { id: "Pinned" },
    ]);
    const envOf = (model: Awaited<ReturnType<typeof loadAssembly>>) =>
      Object.fromEntries(model.stacks.map((s) => [s.id, `${s.account}/${s.region}`]));
    expect(envOf(await loadAssembly(dir))).toEqual({
      Agnostic: "000000000000/us-east-1",
      RegionOnly: "222222222222/us-east-1",
      Pinned: "111111111111/eu-central-1",
    });
    const given = await loadAssembly(dir, {
      defaultEnvironment: { account: "123456789012", region: "eu-west-3" },
    });
    expect(envOf(given)).toEqual({
      Agnostic: "123456789012/eu-west-3",
      RegionOnly: "222222222222/eu-west-3",
      Pinned: "111111111111/eu-central-1",
    });
  });

  it("refuses an environment that is neither explicit nor agnostic, saying what it expected", async () => {
    const dir = writeAssembly([{ id: "Hub", env: "aws://12345/eu-central-1" }]);
    expect(await codeOf(loadAssembly(dir))).toMatch(
      /^ASSEMBLY_INVALID: Stack Hub has environment "aws:\/\/12345\/eu-central-1" in manifest.json; expected aws:\/\/<12-digit account>\/<region>/,
    );
  });

  it("selects stacks as cdk deploy does: by name or pattern, with the stacks they depend on", async () => {
    const dir = writeAssembly([
      { id: "Consumer", dependsOn: ["Hub"] },
      { id: "Hub", stackName: "hub-stack" },
      { id: "Other" },
    ]);
    const ids = async (stacks: string[]) => (await loadAssembly(dir, { stacks })).stacks.map((s) => s.id);
    expect(await ids(["Consumer"])).toEqual(["Hub", "Consumer"]);
    expect(await ids(["hub-stack"])).toEqual(["Hub"]);
    expect(await ids(["O*"])).toEqual(["Other"]);
    expect(await codeOf(loadAssembly(dir, { stacks: ["Nope"] }))).toBe(
      'NO_STACK_SELECTED: No stack of the cloud assembly matches "Nope"; its stacks are Consumer, Hub, Other.',
    );
  });

  it("resolves the legacy synthesizer's asset parameters from the stack's asset metadata", async () => {
    const dir = writeAssembly([{ id: "Legacy" }]);
    mkdirSync(join(dir, "asset.abc123"));
    writeFileSync(join(dir, "asset.abc123", "index.js"), "exports.handler = async () => 1;");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    manifest.artifacts.Legacy.metadata = {
      "/Legacy": [
        {
          type: "aws:cdk:asset",
          data: {
            path: "asset.abc123",
            id: "abc123",
            packaging: "zip",
            sourceHash: "abc123",
            s3BucketParameter: "AssetParametersabc123S3BucketX",
            s3KeyParameter: "AssetParametersabc123S3VersionKeyY",
            artifactHashParameter: "AssetParametersabc123ArtifactHashZ",
          },
        },
      ],
    };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    const [stack] = (await loadAssembly(dir)).stacks;
    expect(Object.fromEntries(stack?.parameterValues ?? [])).toEqual({
      AssetParametersabc123S3BucketX: "cdk-assets-111111111111-eu-central-1",
      AssetParametersabc123S3VersionKeyY: "assets/||abc123.zip",
      AssetParametersabc123ArtifactHashZ: "abc123",
    });
    expect(stack?.assets.get("assets/abc123.zip")).toEqual({
      hash: "abc123",
      path: join(dir, "asset.abc123"),
      packaging: "zip",
      objectKey: "assets/abc123.zip",
    });
  });
});

describe("loadAssembly with a nested assembly (a CDK Stage, as a CDK pipeline's environments)", () => {
  /** Adds a stage `Pipeline/Prod` holding one stack (`Prod-Service`) to the assembly in `dir`. */
  function addStage(dir: string, properties: Record<string, unknown>): void {
    mkdirSync(join(dir, "assembly-Pipeline-Prod"));
    writeFileSync(
      join(dir, "assembly-Pipeline-Prod", "manifest.json"),
      JSON.stringify({
        version: "55.0.0",
        artifacts: {
          PipelineProdService1234: {
            type: "aws:cloudformation:stack",
            environment: "aws://222222222222/eu-central-1",
            properties: { templateFile: "PipelineProdService1234.template.json", stackName: "Prod-Service" },
          },
        },
      }),
    );
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    manifest.artifacts["assembly-Pipeline-Prod"] = { type: "cdk:cloud-assembly", properties };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  }

  it("loads only the top-level stacks and lists the stage with its stacks' names", async () => {
    const dir = writeAssembly([{ id: "Pipeline" }]);
    addStage(dir, { directoryName: "assembly-Pipeline-Prod", displayName: "Pipeline/Prod" });
    const model = await loadAssembly(dir);
    expect(model.stacks.map((s) => s.id)).toEqual(["Pipeline"]);
    expect(model.nestedAssemblies).toEqual([
      { id: "assembly-Pipeline-Prod", displayName: "Pipeline/Prod", stackNames: ["Prod-Service"] },
    ]);
    expect(Object.isFrozen(model.nestedAssemblies)).toBe(true);
    expect(Object.isFrozen(model.nestedAssemblies?.[0]?.stackNames)).toBe(true);
  });

  it("has no nestedAssemblies without a stage, and refuses a stage without its directory", async () => {
    expect((await loadAssembly(writeAssembly([{ id: "Alone" }]))).nestedAssemblies).toBeUndefined();
    const dir = writeAssembly([{ id: "Pipeline" }]);
    addStage(dir, { displayName: "Pipeline/Prod" });
    expect(await codeOf(loadAssembly(dir))).toMatch(
      /^ASSEMBLY_INVALID: Nested cloud assembly "assembly-Pipeline-Prod" .* has no properties.directoryName/,
    );
  });
});

describe("assemblyFingerprint", () => {
  it("is stable for the same content and changes with a template", async () => {
    const dir = writeAssembly([{ id: "Hub", assets: true }]);
    const first = await assemblyFingerprint(dir);
    expect(await assemblyFingerprint(dir)).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(dir, "Hub.template.json"), JSON.stringify({ Resources: {} }));
    expect(await assemblyFingerprint(dir)).not.toBe(first);
  });
});
