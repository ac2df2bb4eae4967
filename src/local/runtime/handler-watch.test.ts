import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureSpec, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import type { ProvisionedSystem, StackArtifact } from "../assembly/types.js";
import { LambdaHost } from "../lambda/lambda-host.js";
import { type HandlerWatch, watchHandlers } from "./handler-watch.js";

const BUNDLE = {
  format: "esm",
  platform: "node",
  target: "node20",
  minify: false,
  sourcemap: true,
  mainFields: ["module", "main"],
  outfile: "index.mjs",
} as const;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A project with two handlers sharing a module, bundled the way synth does, behind a LambdaHost. */
async function project() {
  const root = mkdtempSync(join(tmpdir(), "accountmesh-watch-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "src/handlers"), { recursive: true });
  mkdirSync(join(root, "src/infra"), { recursive: true });
  writeFileSync(join(root, "src/handlers/shared.ts"), 'export const greeting = "v1";\n');
  writeFileSync(
    join(root, "src/handlers/a.ts"),
    'import { greeting } from "./shared";\nexport const handler = async () => "a:" + greeting;\n',
  );
  writeFileSync(join(root, "src/handlers/b.ts"), 'export const handler = async () => "b:v1";\n');
  const host = new LambdaHost(testBindings(), { log: () => {} });
  cleanups.push(() => host.stop());
  const resources = new Map();
  const templateResources: Record<string, unknown> = {};
  for (const name of ["a", "b"]) {
    const codeDir = join(root, "cdk.out", `asset.${name}`);
    await build({
      absWorkingDir: root,
      entryPoints: [join(root, `src/handlers/${name}.ts`)],
      bundle: true,
      outfile: join(codeDir, "index.mjs"),
      format: "esm",
      platform: "node",
      sourcemap: true,
      logLevel: "silent",
    });
    const spec = fixtureSpec(name, { codeDir, handler: "index.handler" });
    host.register(spec);
    resources.set(name, {
      logicalId: name,
      type: "AWS::Lambda::Function",
      ref: name,
      attributes: { Arn: spec.arn },
      status: "provisioned",
    });
    templateResources[name] = {
      Type: "AWS::Lambda::Function",
      Metadata: { "accountmesh:bundle": { ...BUNDLE, entry: `src/handlers/${name}.ts` } },
    };
  }
  const artifact = {
    id: "S",
    stackName: "S",
    account: "222222222222",
    region: "eu-central-1",
    template: { Resources: templateResources },
    dependencies: [],
    assets: new Map(),
  } as unknown as StackArtifact;
  const system = {
    model: { dir: root, stacks: [artifact] },
    stacks: [{ artifact, resources, outputs: new Map(), skipped: [] }],
    unsupported: [],
  } as ProvisionedSystem;
  const lines: string[] = [];
  const watcher: HandlerWatch = watchHandlers({
    projectRoot: root,
    hotDir: join(root, ".accountmesh/hot"),
    system,
    lambda: host,
    log: (l) => lines.push(l),
  });
  cleanups.push(() => watcher.close());
  const call = async (name: string) => {
    const result = await host.invoke(fixtureSpec(name).arn, {});
    return result.kind === "success" ? result.payload : result;
  };
  return { root, call, lines };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("watch mode", () => {
  it("rebuilds only the bundles that include a changed source, and the next invocation runs the new code", async () => {
    const { root, call, lines } = await project();
    expect(await call("a")).toBe("a:v1");
    expect(await call("b")).toBe("b:v1");
    writeFileSync(join(root, "src/handlers/shared.ts"), 'export const greeting = "v2";\n');
    await until(async () => (await call("a")) === "a:v2");
    expect(await call("a")).toBe("a:v2");
    expect(await call("b")).toBe("b:v1");
    expect(lines.some((l) => /shared\.ts changed → rebuilt a in \d+ ms/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("rebuilt a, b") || l.includes("rebuilt b"))).toBe(false);
  });

  it("says that a change to the CDK app needs a new synth instead of ignoring it", async () => {
    const { root, lines } = await project();
    writeFileSync(join(root, "src/infra/app.ts"), "export {};\n");
    await until(async () => lines.some((l) => l.includes("src/infra/app.ts changed")));
    expect(lines.find((l) => l.includes("src/infra/app.ts changed"))).toMatch(/restart `npm start`/);
  });

  it("says when no function of the app can be rebuilt (NodejsFunction, asset code), instead of watching nothing", () => {
    const lines: string[] = [];
    const host = new LambdaHost(testBindings(), { log: () => {} });
    cleanups.push(() => host.stop());
    const system = { model: { dir: tmpdir(), stacks: [] }, stacks: [], unsupported: [] } as ProvisionedSystem;
    const watcher = watchHandlers({
      projectRoot: tmpdir(),
      hotDir: tmpdir(),
      system,
      lambda: host,
      log: (l) => lines.push(l),
    });
    watcher.close();
    expect(lines).toEqual([
      expect.stringMatching(
        /^watch: no function of this app records how it was bundled .* stop and start again/,
      ),
    ]);
  });
});
