// vitest settings for the mutation run (`npm run mutation`, StrykerJS): the unit tests of the folder being
// mutated, without DynamoDB Local (no test there needs it); cdk.out is synthesized first if it is stale.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/local/iam/**/*.test.ts", "src/local/gateway/api-gateway/**/*.test.ts"],
    globalSetup: ["./test/assembly-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
