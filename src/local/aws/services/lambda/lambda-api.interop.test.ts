// The AWS CLI v2 against the Lambda API on the local endpoint (npm run test:interop): `aws lambda
// invoke` with its outfile, get-function-configuration, and an AccessDenied the CLI names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAwsCli } from "../../../../../test/support/aws-cli.js";
import { type LambdaApiWorld, startLambdaApiWorld } from "./lambda-api.test-support.js";

let world: LambdaApiWorld;
const dir = mkdtempSync(join(tmpdir(), "accountmesh-lambda-cli-"));

beforeAll(async () => {
  world = await startLambdaApiWorld();
});

afterAll(async () => {
  await world?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the AWS CLI", () => {
  it("aws lambda invoke writes the payload to the outfile and prints the status", async () => {
    const outfile = join(dir, "out.json");
    const payload = join(dir, "payload.json");
    writeFileSync(payload, '{"from":"cli"}');
    // fileb:// passes the bytes as they are (CLI v2 reads --payload text as base64 otherwise).
    const result = await runAwsCli(world.url, world.operator, [
      "lambda",
      "invoke",
      "--function-name",
      "py-echo",
      "--payload",
      `fileb://${payload}`,
      outfile,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(JSON.parse(readFileSync(outfile, "utf8"))).toEqual({ python: true, event: { from: "cli" } });
  });

  it("aws lambda get-function-configuration, and an error the CLI names", async () => {
    const config = await runAwsCli(world.url, world.operator, [
      "lambda",
      "get-function-configuration",
      "--function-name",
      "py-echo",
    ]);
    expect(config.code, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout)).toMatchObject({ FunctionName: "py-echo", Runtime: "python3.12" });
    const denied = await runAwsCli(world.url, world.stranger, [
      "lambda",
      "get-function",
      "--function-name",
      "py-echo",
    ]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      "An error occurred (AccessDeniedException) when calling the GetFunction operation",
    );
  });
});
