// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates.
import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { planStack } from "./dependency-graph.js";
import { topologicalOrder } from "./topological-order.js";
import type { StackArtifact, Template } from "./types.js";

function stack(template: Template): StackArtifact {
  return {
    id: "App",
    stackName: "App",
    account: "111111111111",
    region: "eu-central-1",
    template,
    dependencies: [],
    assets: new Map(),
  };
}

const always = (name: string) => name === "Yes";

describe("topologicalOrder", () => {
  it("puts dependencies first and keeps the input order otherwise", () => {
    const deps: Record<string, string[]> = { a: ["c"], b: [], c: ["b"], d: [] };
    expect(topologicalOrder(["a", "b", "c", "d"], (n) => deps[n] ?? [])).toEqual({
      ok: true,
      order: ["b", "c", "a", "d"],
    });
  });

  it("returns the cycle as a closed path", () => {
    const deps: Record<string, string[]> = { a: ["b"], b: ["c"], c: ["a"] };
    expect(topologicalOrder(["a", "b", "c"], (n) => deps[n] ?? [])).toEqual({
      ok: false,
      cycle: ["a", "b", "c", "a"],
    });
  });
});

describe("planStack", () => {
  it("orders by Ref, GetAtt, Sub and DependsOn", () => {
    const plan = planStack(
      stack({
        Resources: {
          Api: {
            Type: "T",
            Properties: { Role: { "Fn::GetAtt": "Role.Arn" }, Name: { "Fn::Sub": "${Table}-x" } },
          },
          Role: { Type: "T", Properties: { Path: { Ref: "AWS::Region" } } },
          Table: { Type: "T", DependsOn: "Key" },
          Key: { Type: "T" },
          Log: { Type: "T", Properties: { Target: { "Fn::Sub": ["${Api}", { Api: "literal" }] } } },
        },
      }),
      always,
    );
    expect(plan.order).toEqual(["Role", "Key", "Table", "Api", "Log"]);
    expect(plan.dependencies.get("Api")).toEqual(expect.arrayContaining(["Role", "Table"]));
    expect(plan.dependencies.get("Log")).toEqual([]);
    expect(plan.intrinsics.get("Api")).toEqual(new Set(["Fn::GetAtt", "Fn::Sub"]));
  });

  it("skips resources whose Condition is false and drops edges to them", () => {
    const plan = planStack(
      stack({
        Resources: {
          Kept: { Type: "T", Condition: "Yes" },
          Gone: { Type: "T", Condition: "No" },
          User: { Type: "T", Properties: { X: { "Fn::If": ["No", { Ref: "Gone" }, { Ref: "Kept" }] } } },
        },
      }),
      always,
    );
    expect(plan.skipped).toEqual(["Gone"]);
    expect(plan.order).toEqual(["Kept", "User"]);
    expect(plan.dependencies.get("User")).toEqual(["Kept"]);
  });

  it("fails on a cycle, naming the resources", () => {
    try {
      planStack(
        stack({
          Resources: {
            A: { Type: "T", Properties: { X: { Ref: "B" } } },
            B: { Type: "T", DependsOn: ["A"] },
          },
        }),
        always,
      );
      expect.unreachable();
    } catch (error) {
      expect(isAccountmeshError(error) && error.code).toBe("ASSEMBLY_CYCLE");
      expect(String(error)).toContain("A → B → A");
    }
  });

  it("fails on DependsOn naming no resource", () => {
    expect(() => planStack(stack({ Resources: { A: { Type: "T", DependsOn: "Ghost" } } }), always)).toThrow(
      /App\/A DependsOn "Ghost"/,
    );
  });
});
