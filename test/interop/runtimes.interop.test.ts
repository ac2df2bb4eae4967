// The AWS CLI v2 invoking a function of the runtimes scenario (test/fixtures/runtimes-app) on the
// whole runtime (npm run test:interop): a custom runtime's answer lands in the CLI's outfile.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RuntimesSystem, startRuntimesSystem } from "../runtimes/runtimes-system.js";
import { awsCliV2, runAwsCli } from "../support/aws-cli.js";

const workDir = mkdtempSync(join(tmpdir(), "accountmesh-runtimes-cli-"));
let runtimes: RuntimesSystem;

beforeAll(async () => {
  awsCliV2(); // fails at once, saying what to install, when there is no AWS CLI v2
  runtimes = await startRuntimesSystem(workDir);
}, 180_000);

afterAll(async () => {
  await runtimes?.system.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("a custom runtime", () => {
  it("is invoked by the AWS CLI v2 too", async () => {
    const payload = join(workDir, "payload.json");
    const outfile = join(workDir, "shell-out.json");
    writeFileSync(payload, '{"from":"cli"}');
    const result = await runAwsCli(runtimes.system.endpoints.aws, runtimes.admin, [
      "lambda",
      "invoke",
      "--function-name",
      "shell-fn",
      "--payload",
      `fileb://${payload}`,
      outfile,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(outfile, "utf8"))).toEqual({
      statusCode: 200,
      body: "hello from the shell runtime of shell-fn",
    });
  });
});
