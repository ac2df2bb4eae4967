// `npm run test:browser`: the web apps in a real browser (playwright-core driving Debian's Chromium, a
// program `npm test` cannot assume on a fresh machine). .ci/run installs chromium and runs it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.browser.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    pool: "forks",
    reporters: ["default"],
  },
});
