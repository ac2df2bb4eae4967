import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCdkProject } from "./cdk-project.js";
import { localSynthArgs, OFFLINE_CDK_ENV } from "./synth.js";
import { isAssemblyCurrent, markAssemblyCurrent, sourceFingerprint } from "./synth-cache.js";

describe("local synth", () => {
  it("tells the app the assembly is for the local runtime, whatever AWS credentials the shell holds", () => {
    const args = localSynthArgs("/tmp/out", "node app.mjs", { stage: "dev" });
    expect(args.slice(0, 1)).toEqual(["synth"]);
    expect(args.join(" ")).toContain("--output /tmp/out");
    expect(args.join(" ")).toContain("--app node app.mjs");
    expect(args.join(" ")).toContain("--context stage=dev --context accountmesh:target=local");
    expect(OFFLINE_CDK_ENV).toEqual({ CDK_DISABLE_CLI_TELEMETRY: "true", AWS_EC2_METADATA_DISABLED: "true" });
  });
});

describe("a CDK project and whether its cdk.out is current", () => {
  it("reads cdk.json (app, context, output, watch) over cdk.context.json, and fingerprints the app's sources", () => {
    const root = mkdtempSync(join(tmpdir(), "accountmesh-project-"));
    try {
      writeFileSync(
        join(root, "cdk.json"),
        JSON.stringify({ app: "node app.mjs", output: "out", context: { a: "json" } }),
      );
      writeFileSync(join(root, "cdk.context.json"), JSON.stringify({ a: "cached", b: "cached" }));
      writeFileSync(join(root, "app.mjs"), "// v1");
      const project = readCdkProject(root);
      expect(project).toMatchObject({
        root,
        hasCdkJson: true,
        app: "node app.mjs",
        context: { a: "json", b: "cached" },
        output: join(root, "out"),
        watchInclude: [],
      });
      expect(project.cdkCli).toBeUndefined();
      const before = sourceFingerprint(project);
      expect(sourceFingerprint(project, "-c x=1")).not.toBe(before);
      writeFileSync(join(root, "app.mjs"), "// v2");
      expect(sourceFingerprint(project)).not.toBe(before);
      const out = join(root, "out");
      // No assembly: never current; after a synth (manifest + stamp) current until a source changes.
      expect(isAssemblyCurrent(project, out)).toBe(false);
      mkdirSync(out);
      writeFileSync(join(out, "manifest.json"), "{}");
      markAssemblyCurrent(project, out);
      expect(isAssemblyCurrent(project, out)).toBe(true);
      writeFileSync(join(out, "template.json"), "{}"); // the assembly itself is not a source
      expect(isAssemblyCurrent(project, out)).toBe(true);
      writeFileSync(join(root, "app.mjs"), "// v3");
      expect(isAssemblyCurrent(project, out)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
