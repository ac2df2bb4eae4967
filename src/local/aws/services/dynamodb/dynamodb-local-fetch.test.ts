import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ensureDynamoDbLocal } from "./dynamodb-local-fetch.js";

const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("DynamoDB Local on first start", () => {
  it("does nothing when the jar is there", async () => {
    const lines: string[] = [];
    await ensureDynamoDbLocal((line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it("says it is fetching, and when it cannot, says where it comes from and what to do", async () => {
    const target = tempDir("accountmesh-ddb-target-");
    vi.stubEnv("ACCOUNTMESH_DYNAMODB_LOCAL_DIR", target);
    // An empty npm cache, offline: `npm pack` fails at once, as it would without a registry.
    vi.stubEnv("npm_config_cache", tempDir("accountmesh-npm-cache-"));
    vi.stubEnv("npm_config_offline", "true");
    const lines: string[] = [];
    const error = await ensureDynamoDbLocal((line) => lines.push(line)).catch((e: unknown) => e);
    expect(lines).toEqual([
      `DynamoDB Local is not installed yet (${target}): fetching it once, about 56 MB from the npm registry ...`,
    ]);
    expect(error).toMatchObject({
      code: "DYNAMODB_LOCAL_MISSING",
      message: expect.stringContaining(`DynamoDB Local could not be fetched into ${target}`),
    });
    expect((error as Error).message).toContain("amplify-dynamodb-simulator@2.9.30");
    expect((error as Error).message).toContain("ACCOUNTMESH_DYNAMODB_LOCAL_DIR");
  });
});
