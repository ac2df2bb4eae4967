// `npm run test:interop`: the AWS CLI v2 against the running system (a third-party client `npm test`
// does not need). .ci/run runs it after `npm test`, with Debian's awscli installed.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.interop.test.ts", "test/**/*.interop.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
  },
});
