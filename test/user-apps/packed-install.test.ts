// accountmesh as a user gets it: `npm pack` of this package, installed into a small CDK app created
// in a temporary directory with its own package.json (aws-cdk-lib, constructs, esbuild and the
// tarball, install scripts off as pnpm or npm's allowScripts would have them), then `npx accountmesh`
// there: --help, and `dev` end to end — DynamoDB Local fetched on first start, the app synthesized by
// running its command, the REST API served, Ctrl-C stopping everything.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliProcess,
  dynamoDbLocalOnPort,
  exited,
  lineMatching,
  printedDynamoDbPort,
  startCli,
} from "../support/cli-process.js";
import { curl, jsonOf } from "../support/curl.js";
import { PROJECT_ROOT } from "../support/orders-system.js";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "accountmesh-packed-"));
const app = join(work, "app");
const versions = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"))
  .devDependencies as Record<string, string>;
const portBase = 31_000 + Math.floor(Math.random() * 10) * 100;
let dev: CliProcess | undefined;
let tarball = "";

beforeAll(async () => {
  const t0 = Date.now();
  const packed = await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: PROJECT_ROOT });
  tarball = join(work, packed.stdout.trim().split("\n").at(-1) ?? "");
  cpSync(join(PROJECT_ROOT, "test/fixtures/apps/items-api"), app, { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "items-app",
      private: true,
      type: "module",
      dependencies: {
        "aws-cdk-lib": versions["aws-cdk-lib"],
        constructs: versions.constructs,
        esbuild: versions.esbuild,
      },
      devDependencies: { accountmesh: `file:${tarball}` },
    }),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
  console.log(`packed-install: npm pack + npm install took ${Date.now() - t0} ms (measured)`);
}, 600_000);

afterAll(async () => {
  if (dev !== undefined && dev.exitCode === null && dev.signalCode === null) {
    dev.kill("SIGTERM");
    await exited(dev);
  }
  rmSync(work, { recursive: true, force: true });
});

describe("the packed package installed into a user's CDK app", () => {
  it("ships the built executable, the Lambda worker files and the DynamoDB Local fetcher, and no sources", () => {
    const installed = join(app, "node_modules", "accountmesh");
    for (const file of [
      "dist/accountmesh.mjs",
      "dist/lambda-worker.mjs",
      "dist/lambda-worker-resolve-hooks.mjs",
      "dist/lambda-python-bootstrap.py",
      "scripts/setup-dynamodb-local.mjs",
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    expect(existsSync(join(installed, "src"))).toBe(false);
    expect(existsSync(join(installed, ".cache", "dynamodb-local"))).toBe(false); // install scripts were off
  });

  it("npx accountmesh --help answers", async () => {
    const { stdout } = await run("npx", ["accountmesh", "--help"], { cwd: app });
    expect(stdout).toContain("usage: accountmesh <command> [options]");
    expect(stdout).toContain("dev     run the app locally");
  }, 120_000);

  it("dev fetches DynamoDB Local on first start, synthesizes the app and serves its API", async () => {
    dev = startCli(
      join(app, "node_modules/.bin/accountmesh"),
      ["dev", "--port-base", String(portBase), "--in-memory"],
      app,
    );
    await lineMatching(dev, /accountmesh: ready in/);
    expect(dev.out).toContain("DynamoDB Local is not installed yet");
    expect(dev.out).toContain("accountmesh: DynamoDB Local fetched into");
    expect(dev.out).toContain("with the app command `node app.mjs` (no CDK CLI in node_modules/.bin)");
    expect(dev.out).not.toMatch(/AWS::SQS::Queue \(ItemsApp/); // SQS runs it (issue 10)
    const apiUrl = /^ {4}ItemsApiEndpoint\w+ = (https:\/\/\S+)$/m.exec(dev.out)?.[1] ?? "";
    expect(apiUrl).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
    const proxy = `http://127.0.0.1:${portBase + 33}`;
    const created = await curl(["-k", "-X", "POST", `${apiUrl}items`, "-d", '{"name":"cup"}'], { proxy });
    expect(created.status, created.body).toBe(201);
    const listed = await curl(["-k", `${apiUrl}items`], { proxy });
    expect((jsonOf(listed) as { items: Array<{ name: string }> }).items.map((i) => i.name)).toEqual(["cup"]);
  }, 600_000);

  it("stops on Ctrl-C with exit code 0, its DynamoDB Local gone", async () => {
    const running = dev as CliProcess;
    const port = printedDynamoDbPort(running.out) ?? "none";
    expect(dynamoDbLocalOnPort(port)).toHaveLength(1);
    running.kill("SIGINT");
    expect(await exited(running)).toEqual([0, null]);
    expect(dynamoDbLocalOnPort(port)).toEqual([]);
  }, 60_000);
});
