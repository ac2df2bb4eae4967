// What a Node.js bundle's bare imports resolve to, as on Lambda: the AWS SDK the runtime includes
// when the bundle leaves it out (NodejsFunction's default), wherever the cloud assembly lives, and the
// packages of its layers (/opt/nodejs/node_modules). The bundles live in a temporary directory,
// outside any node_modules of this project.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureSpec, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { LambdaHost } from "./lambda-host.js";

const dir = mkdtempSync(join(tmpdir(), "accountmesh-node-modules-"));
const host = new LambdaHost(testBindings(), { log: () => {}, scratchDir: join(dir, "scratch") });
afterAll(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text: string): string {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
  return join(dir, path);
}

const SDK_VERSION = host.runtimes.sdk?.version;

describe("bare imports of Node.js bundles", () => {
  it("resolves @aws-sdk/* left out of a CommonJS bundle to the runtime's SDK", async () => {
    write(
      "cjs/index.js",
      `const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
       const { version } = require("@aws-sdk/client-dynamodb/package.json");
       exports.handler = async () => ({ client: typeof DynamoDBClient, version });`,
    );
    const spec = fixtureSpec("sdk-cjs", { codeDir: join(dir, "cjs"), handler: "index.handler" });
    host.register(spec);
    expect(await host.invoke(spec.arn, {})).toMatchObject({
      kind: "success",
      payload: { client: "function", version: SDK_VERSION },
    });
  });

  it("does the same for an ES module bundle, and prefers a copy the bundle carries", async () => {
    write(
      "esm/index.mjs",
      `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
       import { marker } from "@aws-sdk/util-own";
       export const handler = async () => ({ client: typeof DynamoDBClient, marker });`,
    );
    write(
      "esm/node_modules/@aws-sdk/util-own/package.json",
      '{"name":"@aws-sdk/util-own","main":"index.js"}',
    );
    write("esm/node_modules/@aws-sdk/util-own/index.js", 'exports.marker = "the bundle\'s own";');
    const spec = fixtureSpec("sdk-esm", { codeDir: join(dir, "esm"), handler: "index.handler" });
    host.register(spec);
    expect(await host.invoke(spec.arn, {})).toMatchObject({
      kind: "success",
      payload: { client: "function", marker: "the bundle's own" },
    });
  });

  it("finds packages of layers in nodejs/node_modules, a later layer's copy first", async () => {
    const first = join(dir, "layer-a");
    const second = join(dir, "layer-b");
    write("layer-a/nodejs/node_modules/shared-lib/index.js", 'exports.from = "layer a";');
    write("layer-a/nodejs/node_modules/only-a/index.js", 'exports.from = "only in layer a";');
    write("layer-b/nodejs/node_modules/shared-lib/index.js", 'exports.from = "layer b";');
    write(
      "layered/index.js",
      `exports.handler = async () => ({ shared: require("shared-lib").from, onlyA: require("only-a").from });`,
    );
    write(
      "layered-esm/index.mjs",
      `import shared from "shared-lib"; export const handler = async () => ({ shared: shared.from });`,
    );
    const cjs = fixtureSpec("layered", { codeDir: join(dir, "layered"), layers: [first, second] });
    const esm = fixtureSpec("layered-esm", { codeDir: join(dir, "layered-esm"), layers: [first, second] });
    host.register({ ...cjs, handler: "index.handler" });
    host.register({ ...esm, handler: "index.handler" });
    expect(await host.invoke(cjs.arn, {})).toMatchObject({
      kind: "success",
      payload: { shared: "layer b", onlyA: "only in layer a" },
    });
    expect(await host.invoke(esm.arn, {})).toMatchObject({ kind: "success", payload: { shared: "layer b" } });
  });

  it("says which SDK functions get", () => {
    expect(SDK_VERSION).toMatch(/^3\.\d+\.\d+$/);
    expect(host.runtimes.support("nodejs22.x").text).toContain(`AWS SDK for JavaScript v3 ${SDK_VERSION}`);
  });
});

describe("a package Lambda provides that this machine lacks", () => {
  it("fails init as Lambda would without it, and the log says what to install", async () => {
    const lines: string[] = [];
    const logged = new LambdaHost(testBindings(), { log: (line) => lines.push(line) });
    write(
      "missing/index.js",
      `const { S3Client } = require("@aws-sdk/client-not-installed"); exports.handler = async () => 1;`,
    );
    const spec = fixtureSpec("sdk-missing", { codeDir: join(dir, "missing"), handler: "index.handler" });
    logged.register(spec);
    try {
      expect(await logged.invoke(spec.arn, {})).toMatchObject({
        kind: "error",
        errorType: "Runtime.ImportModuleError",
      });
      expect(lines).toContain(
        `[sdk-missing] accountmesh: Lambda's Node.js runtimes include @aws-sdk/client-not-installed; it is not installed beside accountmesh: npm install @aws-sdk/client-not-installed@${SDK_VERSION}`,
      );
    } finally {
      await logged.stop();
    }
  });
});
