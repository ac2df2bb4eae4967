import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { dynamoDbLocalDir, startDynamoDbLocal } from "./dynamodb-local.js";

function client(endpoint: string, accessKeyId: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "eu-central-1",
    credentials: { accessKeyId, secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

async function tableNames(endpoint: string, accessKeyId: string): Promise<string[]> {
  const c = client(endpoint, accessKeyId);
  try {
    return (await c.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    c.destroy();
  }
}

const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of temporary.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("startDynamoDbLocal", () => {
  it("runs DynamoDB Local on a free port, one database per access key, kept in dbPath across restarts", async () => {
    const dbPath = tempDir("accountmesh-ddb-data-");
    const first = await startDynamoDbLocal({ port: 0, dbPath });
    expect(first.endpoint).toBe(`http://127.0.0.1:${first.port}`);
    expect(first.port).toBeGreaterThan(0);
    const alice = client(first.endpoint, "alice");
    await alice.send(
      new CreateTableCommand({
        TableName: "kept",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    alice.destroy();
    expect(await tableNames(first.endpoint, "alice")).toEqual(["kept"]);
    expect(await tableNames(first.endpoint, "bob")).toEqual([]);

    await first.stop();
    await first.stop();
    await expect(tableNames(first.endpoint, "alice")).rejects.toThrow();

    const second = await startDynamoDbLocal({ dbPath });
    try {
      expect(await tableNames(second.endpoint, "alice")).toEqual(["kept"]);
    } finally {
      await second.stop();
    }
  }, 120_000); // two JVM starts: a hang guard, generous for a loaded 2-core machine

  // DynamoDB Local accepts only letters and digits in access key ids.
  it("serves the test run's shared in-memory instance", async () => {
    const endpoint = inject("dynamodbEndpoint");
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Array.isArray(await tableNames(endpoint, "launchertest"))).toBe(true);
  });

  it("refuses inMemory together with dbPath", async () => {
    await expect(startDynamoDbLocal({ inMemory: true, dbPath: "/tmp/x" })).rejects.toThrow(
      /either inMemory or dbPath/,
    );
  });

  it("says to install Java when java is missing", async () => {
    await expect(startDynamoDbLocal({ javaCommand: "accountmesh-no-such-java" })).rejects.toThrow(
      /needs Java, but `accountmesh-no-such-java` was not found\. Install Java >= 17/,
    );
  });

  it("says how to fetch DynamoDB Local when it is not there", async () => {
    const empty = tempDir("accountmesh-ddb-empty-");
    vi.stubEnv("ACCOUNTMESH_DYNAMODB_LOCAL_DIR", empty);
    expect(dynamoDbLocalDir()).toBe(empty);
    await expect(startDynamoDbLocal()).rejects.toThrow(
      /DynamoDBLocal\.jar does not exist\. Run `node scripts\/setup-dynamodb-local\.mjs`/,
    );
  });

  it("reports an early exit with the engine's output and what to do", async () => {
    const broken = tempDir("accountmesh-ddb-broken-");
    writeFileSync(join(broken, "DynamoDBLocal.jar"), "not a jar");
    vi.stubEnv("ACCOUNTMESH_DYNAMODB_LOCAL_DIR", broken);
    const error = await startDynamoDbLocal().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/exited with code \d+ before it was ready/);
    expect((error as Error).message).toContain("Invalid or corrupt jarfile");
    expect((error as Error).message).toContain("setup-dynamodb-local.mjs");
  });

  it("fails fast when a fixed port is taken", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const started = Date.now();
      await expect(startDynamoDbLocal({ port })).rejects.toThrow(
        new RegExp(`port ${port}: it is already in use`),
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      server.close();
    }
  });

  it("locates the jar under the package root by default", () => {
    expect(dynamoDbLocalDir({})).toMatch(/[/\\]\.cache[/\\]dynamodb-local$/);
  });
});
