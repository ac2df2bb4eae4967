import { describe, expect, it } from "vitest";
import { localSynthArgs, OFFLINE_CDK_ENV } from "./synth.js";

describe("local synth", () => {
  it("tells the app the assembly is for the local runtime, whatever AWS credentials the shell holds", () => {
    const args = localSynthArgs("/tmp/out");
    expect(args.slice(0, 2)).toEqual(["cdk", "synth"]);
    expect(args.join(" ")).toContain("--output /tmp/out");
    expect(args.join(" ")).toContain("--context accountmesh:target=local");
    expect(OFFLINE_CDK_ENV).toEqual({ CDK_DISABLE_CLI_TELEMETRY: "true", AWS_EC2_METADATA_DISABLED: "true" });
  });
});
