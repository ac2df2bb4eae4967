// A stack synthesized with CDK's LegacyStackSynthesizer (CDK v1 style: no asset manifest, the
// function's code located by `AssetParameters...` template parameters that `cdk deploy` fills in):
// the runtime fills them from the stack's asset metadata, so the function runs its asset.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, CfnOutput, LegacyStackSynthesizer, Stack } from "aws-cdk-lib";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLUGINS, type RunningSystem, startRuntime } from "../../src/local/index.js";

const work = mkdtempSync(join(tmpdir(), "accountmesh-legacy-"));
const outdir = join(work, "cdk.out");
let system: RunningSystem;
let template: { Parameters?: Record<string, unknown> };

beforeAll(async () => {
  const code = join(work, "handler");
  mkdirSync(code);
  writeFileSync(join(code, "index.js"), "exports.handler = async (event) => ({ legacy: true, event });");
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, "LegacyApp", { synthesizer: new LegacyStackSynthesizer() });
  const fn = new LambdaFunction(stack, "Fn", {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromAsset(code),
  });
  new CfnOutput(stack, "FunctionArn", { value: fn.functionArn });
  template = app.synth().getStackArtifact("LegacyApp").template;
  system = await startRuntime({
    assemblyDir: outdir,
    dataDir: join(work, "data"),
    inMemory: true,
    portBase: 0,
    plugins: PLUGINS.filter((plugin) => plugin.name !== "dynamodb"),
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the legacy synthesizer's asset parameters", () => {
  it("are template parameters without a Default (what cdk deploy fills in)", () => {
    const names = Object.keys(template.Parameters ?? {});
    expect(names.some((name) => /^AssetParameters[0-9a-f]{64}S3Bucket/.test(name))).toBe(true);
    expect(names.some((name) => /^AssetParameters[0-9a-f]{64}S3VersionKey/.test(name))).toBe(true);
  });

  it("resolve from the asset metadata: the function runs its asset", async () => {
    const arn = system.stacks[0]?.outputs.find((o) => o.key === "FunctionArn")?.value ?? "";
    expect(arn).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:LegacyApp-Fn/);
    expect(await system.lambda.invoke(arn, { n: 1 })).toMatchObject({
      kind: "success",
      payload: { legacy: true, event: { n: 1 } },
    });
  });
});
