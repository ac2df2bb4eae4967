import { describe, expect, it } from "vitest";
import { resolveDynamicReferences } from "./dynamic-references.js";
import type { StackArtifact } from "./types.js";

const stack = {
  id: "App",
  stackName: "App",
  account: "333333333333",
  region: "eu-central-1",
  template: { Resources: {} },
  dependencies: [],
  assets: new Map(),
} satisfies StackArtifact;
const site = { stack: "App", element: "Fn", path: "Properties" };

describe("resolveDynamicReferences", () => {
  it("replaces every reference inside strings, in the stack's account and region", () => {
    const calls: string[][] = [];
    const resolver = (service: string, reference: string, account: string, region: string) => {
      calls.push([service, reference, account, region]);
      return service === "ssm" ? "v1" : "s3cr3t";
    };
    const value = {
      Environment: {
        Variables: {
          VERSION: "version={{resolve:ssm:/app/version:2}}",
          KEY: "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-central-1:111111111111:secret:shared:SecretString:key::}}",
        },
      },
      List: ["plain", 3],
    };
    expect(resolveDynamicReferences(value, stack, resolver, site)).toEqual({
      Environment: { Variables: { VERSION: "version=v1", KEY: "s3cr3t" } },
      List: ["plain", 3],
    });
    expect(calls).toEqual([
      ["ssm", "/app/version:2", "333333333333", "eu-central-1"],
      [
        "secretsmanager",
        "arn:aws:secretsmanager:eu-central-1:111111111111:secret:shared:SecretString:key::",
        "333333333333",
        "eu-central-1",
      ],
    ]);
  });

  it("rejects an unknown service, naming where it was met", () => {
    expect(() => resolveDynamicReferences({ A: ["{{resolve:s3:bucket}}"] }, stack, () => "x", site)).toThrow(
      /App\/Fn Properties\.A\[0\]/,
    );
  });
});
