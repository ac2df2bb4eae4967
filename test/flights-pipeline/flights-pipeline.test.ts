// The flights pipeline (tools account, seed 002's challenge 1) on the local runtime, from the real
// cloud assembly: nothing of it runs. The pipeline and its build projects are deploy-time only, what
// they use (artifact bucket, KMS key, roles) is created and idle, and the stage it deploys (a nested
// assembly) is listed with its stacks, which do not run a second time beside the app's own.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUnsupportedReport } from "../../src/local/assembly/unsupported-features.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { ASSEMBLY_DIR } from "../support/orders-system.js";

let system: RunningSystem;

beforeAll(async () => {
  system = await startRuntime({
    assemblyDir: ASSEMBLY_DIR,
    dataDir: mkdtempSync(join(tmpdir(), "accountmesh-flights-pipeline-")),
    inMemory: true,
    portBase: 0,
    stacks: ["FlightsPipeline"],
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe("the flights pipeline on the local runtime", () => {
  it("runs the pipeline's stack alone: the stage's stacks are not run", () => {
    expect(system.stacks.map((s) => [s.stackName, s.account])).toEqual([["FlightsPipeline", "777777777777"]]);
  });

  it("lists the pipeline, its build projects, what they use and its stage as deploy-time only, with nothing left out", () => {
    const inert = system.unsupported.filter((feature) => feature.kind === "inert-type");
    const named = (name: string) => inert.find((feature) => feature.name === name);
    expect(named("AWS::CodePipeline::Pipeline")?.detail).toMatch(/^deploy-time only/);
    expect(named("AWS::CodeBuild::Project")).toMatchObject({
      count: 3,
      detail: expect.stringMatching(/^deploy-time only/),
    });
    expect(named("a pipeline and what it uses")).toMatchObject({
      where: expect.stringMatching(/^FlightsPipeline\/Pipeline[0-9A-F]{8}$/),
      detail:
        "deploy-time only: the pipeline and the stack's 3 build projects never run locally; what they use is created but idle: AWS::IAM::Role ×6, AWS::KMS::Key, AWS::S3::Bucket",
    });
    expect(named("cdk:cloud-assembly (CDK Stage FlightsPipeline/Prod)")).toMatchObject({
      where: "assembly-FlightsPipeline-Prod",
      detail: expect.stringContaining(
        "its stacks (Prod-FlightsBooking, Prod-FlightsAirmiles, Prod-FlightsWeb) are not run",
      ),
    });
    expect(system.unsupported.filter((feature) => feature.kind !== "inert-type")).toEqual([]);
    expect(formatUnsupportedReport(system.unsupported).join("\n")).toContain(
      "cdk:cloud-assembly (CDK Stage FlightsPipeline/Prod) (assembly-FlightsPipeline-Prod) — deploy-time only",
    );
  });

  it("creates the artifact bucket (idle) in the tools account", () => {
    expect(Object.keys(system.endpoints.buckets ?? {})).toEqual([
      expect.stringMatching(/^777777777777\/flightspipeline-pipelineartifactsbucket/),
    ]);
  });
});
