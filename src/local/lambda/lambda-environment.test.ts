import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { fixtureSpec, logCollector, testBindings } from "../../../test/fixtures/lambda/fixture-spec.js";
import { lambdaEnvironment, newLogStreamName, workerNodeOptions } from "./lambda-environment.js";
import { LambdaHost } from "./lambda-host.js";

const credentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "secret" };

describe("lambdaEnvironment", () => {
  it("lets the template override unreserved variables but never the reserved ones or the local endpoint", () => {
    const env = lambdaEnvironment({
      spec: fixtureSpec("f", {
        environment: { LANG: "de_DE.UTF-8", AWS_ENDPOINT_URL: "https://dynamodb.amazonaws.com" },
      }),
      credentials,
      awsEndpointUrl: "http://127.0.0.1:4566",
      logStreamName: "2026/01/01/[$LATEST]abc",
    });
    expect(env.LANG).toBe("de_DE.UTF-8");
    expect(env.AWS_ENDPOINT_URL).toBe("http://127.0.0.1:4566");
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.HTTP_PROXY).toBeUndefined();
    expect(env.AWS_LAMBDA_LOG_FORMAT).toBeUndefined();
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toBe("2026/01/01/[$LATEST]abc");
  });

  it("names log streams as Lambda does", () => {
    expect(newLogStreamName(new Date("2026-11-22T10:00:00Z"))).toMatch(
      /^2026\/11\/22\/\[\$LATEST\][0-9a-f]{32}$/,
    );
  });
});

describe("workerNodeOptions", () => {
  it("applies source maps and the heap limit itself and passes other flags to the worker", () => {
    expect(workerNodeOptions("--enable-source-maps  --max-old-space-size=300 --no-deprecation")).toEqual({
      sourceMaps: true,
      maxOldSpaceMb: 300,
      execArgv: ["--no-deprecation"],
    });
    expect(workerNodeOptions(undefined)).toEqual({ sourceMaps: false, execArgv: [] });
  });

  it("still runs the function when NODE_OPTIONS holds a flag only a process can take", async () => {
    const collector = logCollector();
    const withFlags = new LambdaHost(testBindings(), { log: collector.log });
    const spec = fixtureSpec("flags", {
      handler: "env.handler",
      environment: { NODE_OPTIONS: "--enable-source-maps --stack-trace-limit=50 --no-deprecation" },
    });
    withFlags.register(spec);
    try {
      const result = await withFlags.invoke(spec.arn, {});
      expect(result).toMatchObject({
        kind: "success",
        payload: { NODE_OPTIONS: spec.environment.NODE_OPTIONS },
      });
      expect(collector.lines).toContain(
        "[flags] NODE_OPTIONS flags a worker thread cannot apply are ignored: --stack-trace-limit=50",
      );
    } finally {
      await withFlags.stop();
    }
  });

  it("honours --enable-source-maps: stacks in the logs point into the TypeScript source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accountmesh-sourcemap-"));
    writeFileSync(
      join(dir, "handler.ts"),
      "export const handler = async (event: { id: string }): Promise<string> => {\n" +
        '  throw new Error("broken " + event.id);\n};\n',
    );
    buildSync({
      entryPoints: [join(dir, "handler.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      sourcemap: true,
      outfile: join(dir, "index.mjs"),
    });
    const collector = logCollector();
    const host = new LambdaHost(testBindings(), { log: collector.log });
    const withMaps = fixtureSpec("mapped", {
      codeDir: dir,
      handler: "index.handler",
      environment: { NODE_OPTIONS: "--enable-source-maps" },
    });
    const withoutMaps = fixtureSpec("unmapped", { codeDir: dir, handler: "index.handler" });
    host.register(withMaps);
    host.register(withoutMaps);
    try {
      expect(await host.invoke(withMaps.arn, { id: "a" })).toMatchObject({
        kind: "error",
        errorMessage: "broken a",
      });
      expect(await host.invoke(withoutMaps.arn, { id: "b" })).toMatchObject({
        kind: "error",
        errorMessage: "broken b",
      });
      const invokeError = (name: string) =>
        collector.lines.find((line) => line.startsWith(`[${name}] `) && line.includes("Invoke Error"));
      expect(invokeError("mapped")).toContain(`${join(dir, "handler.ts")}:2:`);
      expect(invokeError("unmapped")).not.toContain("handler.ts");
      expect(invokeError("unmapped")).toContain("index.mjs:");
    } finally {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
