// The flights web fixture (flights-web-app.ts) synthesized as `cdk synth` does — asset bundling on, so
// the web app is built by Vite into the cloud assembly — and run on the real runtime (in-memory
// DynamoDB, free ports).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { buildFlightsWebApp } from "./flights-web-app.js";

export interface FlightsWebFixture {
  readonly assembly: CloudAssembly;
  readonly system: RunningSystem;
  /** The distribution's `https://<d>.cloudfront.net/` and its loopback URL (both end with `/`). */
  readonly site: { readonly url: string; readonly local: string };
  /** The fixture API's stage URL (`https://<id>.execute-api.eu-west-1.amazonaws.com/Prod/`). */
  readonly apiUrl: string;
  /** The same stage at the API's loopback URL, without any proxy (ends with `/`). */
  readonly apiLocal: string;
  stop(): Promise<void>;
}

export async function startFlightsWeb(): Promise<FlightsWebFixture> {
  const outdir = mkdtempSync(join(tmpdir(), "accountmesh-flights-web-"));
  const app = new App({
    outdir,
    context: { "@aws-cdk/core:defaultCrossStackReferences": "weak" },
    builtinCloudFormationValidation: false,
  });
  buildFlightsWebApp(app);
  const assembly = app.synth();
  const system = await startRuntime({
    assemblyDir: outdir,
    dataDir: mkdtempSync(join(tmpdir(), "accountmesh-flights-web-data-")),
    inMemory: true,
    portBase: 0,
  });
  const site = Object.values(system.endpoints.distributions ?? {})[0];
  const api = Object.entries(system.endpoints.restApiEndpoints ?? {}).find(([key]) =>
    key.endsWith("/flights-fixture-api"),
  )?.[1];
  const stage = api?.stages.Prod;
  if (site?.local === undefined || stage?.local === undefined) {
    await system.stop();
    throw new Error(
      `endpoints.json lists no distribution or fixture API: ${JSON.stringify(system.endpoints)}`,
    );
  }
  return {
    assembly,
    system,
    site: { url: site.url, local: site.local },
    apiUrl: stage.url,
    apiLocal: stage.local,
    stop: () => system.stop(),
  };
}
