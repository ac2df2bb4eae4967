import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The AWS CLI interoperability suite and the browser suite have their own commands (npm run
    // test:interop, npm run test:browser, run by .ci/run).
    exclude: ["**/node_modules/**", "**/*.interop.test.ts", "**/*.browser.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
