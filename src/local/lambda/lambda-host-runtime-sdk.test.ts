// The AWS SDK the Lambda runtime provides: a bundle that leaves @aws-sdk/* out (NodejsFunction's
// default) gets accountmesh's SDK, in CommonJS and in ES modules, from a task root outside this
// repository (as in a user's project); a client accountmesh does not ship fails as on AWS; and
// nothing but the SDK is provided.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureSpec, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost } from "./lambda-host.js";

const taskRoot = mkdtempSync(join(tmpdir(), "accountmesh-task-root-"));
writeFileSync(
  join(taskRoot, "cjs.js"),
  `const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
   const { DynamoDBDocumentClient } = require("@aws-sdk/lib-dynamodb");
   exports.handler = async () => [typeof DynamoDBClient, typeof DynamoDBDocumentClient];`,
);
writeFileSync(
  join(taskRoot, "esm.mjs"),
  `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
   export const handler = async () => typeof DynamoDBClient;`,
);
writeFileSync(
  join(taskRoot, "sqs.js"),
  `require("@aws-sdk/client-sqs-not-shipped"); exports.handler = async () => 1;`,
);
// Not named zod.js: NODE_PATH holds the task root, as on Lambda, so require("zod") would find the file itself.
writeFileSync(join(taskRoot, "uses-zod.js"), `require("zod"); exports.handler = async () => 1;`);

const host = new LambdaHost(testBindings(), { log: () => {} });
for (const name of ["cjs", "esm", "sqs", "uses-zod"]) {
  host.register(fixtureSpec(name, { codeDir: taskRoot, handler: `${name}.handler` }));
}
const arn = (name: string) => fixtureSpec(name).arn;

afterAll(async () => {
  await host.stop();
  rmSync(taskRoot, { recursive: true, force: true });
});

describe("the AWS SDK of the Lambda runtime", () => {
  it("is there for CommonJS and ES module bundles that leave it out", async () => {
    expect(await host.invoke(arn("cjs"), {})).toMatchObject({
      kind: "success",
      payload: ["function", "function"],
    });
    expect(await host.invoke(arn("esm"), {})).toMatchObject({ kind: "success", payload: "function" });
  });

  it("a client accountmesh does not ship fails at init as on AWS (the hint is logged: lambda-host-node-modules.test.ts); other packages are not provided", async () => {
    const sqs = await host.invoke(arn("sqs"), {});
    expect(sqs).toMatchObject({ kind: "error" });
    expect(JSON.stringify(sqs)).toContain("Runtime.ImportModuleError");
    expect(JSON.stringify(sqs)).toContain("Cannot find module '@aws-sdk/client-sqs-not-shipped'");
    const zod = await host.invoke(arn("uses-zod"), {});
    expect(JSON.stringify(zod)).toContain("Cannot find module 'zod'");
  });
});
