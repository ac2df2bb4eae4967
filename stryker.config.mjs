// StrykerJS mutation testing of src/local/iam (`npm run mutation`); see docs/testing.md.
// Not part of `npm test`: a run takes minutes per folder on two cores.
import { resolve } from "node:path";

// The sandbox copies the project without .cache: its test runners use this checkout's DynamoDB Local.
process.env.ACCOUNTMESH_DYNAMODB_LOCAL_DIR ??= resolve(".cache", "dynamodb-local");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  plugins: ["@stryker-mutator/vitest-runner"],
  // TypeScript 7 ships no JavaScript compiler API, which Stryker's tsconfig rewriting step imports: naming
  // a tsconfig that does not exist skips that step (this project has no `extends`/`references` to rewrite).
  tsconfigFile: "stryker-skip-tsconfig.json",
  checkers: [],
  disableTypeChecks: "src/**/*.ts",
  coverageAnalysis: "perTest",
  mutate: [
    "src/local/iam/**/*.ts",
    "!src/local/iam/**/*.test.ts",
    "!src/local/iam/**/*.test-support.ts",
    "!src/local/iam/conformance/**",
  ],
  ignorePatterns: [
    ".cache",
    ".accountmesh",
    "bench/results",
    "coverage",
    "reports",
    ".scratch",
    ".stryker-tmp*",
  ],
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/iam.html" },
  jsonReporter: { fileName: "reports/mutation/iam.json" },
  // A re-run tests only the mutants whose code or covering tests changed (the file is git-ignored).
  incremental: true,
  incrementalFile: "reports/mutation/iam-incremental.json",
  cleanTempDir: "always",
};
