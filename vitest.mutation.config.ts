// vitest settings for the mutation runs (`npm run mutation`, `npm run mutation:api-gateway`, StrykerJS):
// the unit tests of the folders being mutated, with the suite's global setup (cdk.out synthesized if
// stale; one DynamoDB Local, which the API Gateway service-integration tests use).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/local/iam/**/*.test.ts", "src/local/aws/services/apigateway/front-door/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
