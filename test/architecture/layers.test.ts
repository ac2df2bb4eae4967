import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, importsOf } from "./layers.js";

const ROOT = resolve(import.meta.dirname, "../..");

describe("the layering of src/ (ARCHITECTURE.md §3)", () => {
  const edges = importsOf(ROOT);

  it("reads the imports of the source tree", () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: "src/local/runtime.ts", to: "src/local/plugins.ts" });
  });

  it("has no upward import, no import between apart parts or plugins, no CLI import past local/index.ts, no cycle", () => {
    expect(checkLayers(edges).map((v) => v.message)).toEqual([]);
  });

  it("fails on a deliberate upward import, a shortcut from the CLI, a crossing, a plugin reaching into another and a cycle", () => {
    const broken = [
      ...edges,
      { from: "src/local/iam/evaluate.ts", to: "src/local/aws/services/kms/kms-keys.ts" },
      { from: "src/cli/dev.ts", to: "src/local/runtime.ts" },
      { from: "src/local/aws/services/sts/sts-service.ts", to: "src/local/aws/services/kms/kms-keys.ts" },
      { from: "src/handlers/orders/orders.ts", to: "src/local/iam/types.ts" },
      { from: "src/shared/account.ts", to: "src/shared/dictionary.ts" },
      { from: "src/shared/dictionary.ts", to: "src/shared/account.ts" },
    ];
    const violations = checkLayers(broken);
    expect(violations.map((v) => v.rule).sort()).toEqual(["apart", "cli-entry", "cycle", "plugin", "upward"]);
    expect(violations.find((v) => v.rule === "cycle")?.message).toBe(
      "import cycle: src/shared/account.ts → src/shared/dictionary.ts → src/shared/account.ts",
    );
    expect(violations.find((v) => v.rule === "upward")?.message).toBe(
      "src/local/iam/evaluate.ts (layer src/local/iam) imports src/local/aws/services/kms/kms-keys.ts (layer src/local/aws/services), which sits above it",
    );
  });
});
