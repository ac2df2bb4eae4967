import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

  it("rejects environment-agnostic stacks", async () => {
    const dir = writeAssembly([{ id: "Hub", env: "aws://unknown-account/unknown-region" }]);
    expect(await codeOf(loadAssembly(dir))).toMatch(/^ASSEMBLY_INVALID: Stack Hub has environment/);
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
