// StrykerJS on the API Gateway pipeline (`npm run mutation:api-gateway`); the settings of
// stryker.config.mjs with this folder mutated and its own report and sandbox directories.
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    "src/local/aws/services/apigateway/front-door/**/*.ts",
    "!src/local/aws/services/apigateway/front-door/**/*.test.ts",
    "!src/local/aws/services/apigateway/front-door/**/*.test-support.ts",
  ],
  tempDirName: ".stryker-tmp-api-gateway",
  htmlReporter: { fileName: "reports/mutation/api-gateway.html" },
  jsonReporter: { fileName: "reports/mutation/api-gateway.json" },
  // A re-run tests only the mutants whose code or covering tests changed (the file is git-ignored).
  incremental: true,
  incrementalFile: "reports/mutation/api-gateway-incremental.json",
};
