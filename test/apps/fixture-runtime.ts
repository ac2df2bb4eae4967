// A fixture app's cloud assembly running on the real runtime (in-memory DynamoDB, free ports), for
// scenario tests that drive it with real HTTP clients.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "aws-cdk-lib";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { synthFixture } from "../fixtures/apps/synth-fixture.js";

export interface FixtureRuntime {
  readonly system: RunningSystem;
  /** The REST API's section of endpoints.json (`restApiEndpoints["<account>/<name>"]`). */
  restApi(name: string): {
    readonly id: string;
    readonly url: string;
    readonly local?: string;
    readonly stages: Readonly<Record<string, { readonly url: string; readonly local?: string }>>;
  };
  readonly functionLines: readonly string[];
  stop(): Promise<void>;
}

export async function runFixture(name: string, build: (app: App) => void): Promise<FixtureRuntime> {
  const assemblyDir = synthFixture(name, build);
  const functionLines: string[] = [];
  const system = await startRuntime({
    assemblyDir,
    dataDir: mkdtempSync(join(tmpdir(), `accountmesh-${name}-data-`)),
    inMemory: true,
    portBase: 0,
    functionLog: (line) => functionLines.push(line),
  });
  return {
    system,
    functionLines,
    restApi(apiName) {
      const entry = Object.entries(system.endpoints.restApiEndpoints ?? {}).find(([key]) =>
        key.endsWith(`/${apiName}`),
      );
      if (entry === undefined) throw new Error(`endpoints.json lists no REST API ${apiName}`);
      return entry[1];
    },
    stop: () => system.stop(),
  };
}
