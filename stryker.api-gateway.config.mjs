// StrykerJS on the API Gateway pipeline (`npm run mutation:api-gateway`); the settings of
// stryker.config.mjs with this folder mutated and its own report and sandbox directories.
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    "src/local/gateway/api-gateway/**/*.ts",
    "!src/local/gateway/api-gateway/**/*.test.ts",
    "!src/local/gateway/api-gateway/front-door-doubles.ts",
    "!src/local/gateway/api-gateway/orders-api-fixture.ts",
  ],
  tempDirName: ".stryker-tmp-api-gateway",
  htmlReporter: { fileName: "reports/mutation/api-gateway.html" },
  jsonReporter: { fileName: "reports/mutation/api-gateway.json" },
};
