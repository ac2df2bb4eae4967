// B9: the service-integration path — a REST API method calling DynamoDB's GetItem through mapping
// templates (request template, the integration's role assumed, the role's policy decided, the
// engine's answer, the response template) with no function in between — against its floor, the same
// GetItem written by hand behind a bare node:http server on the same engine. The system is the
// fixture app test/fixtures/apps/dynamodb-api-app.ts, reached on its public API's loopback port
// (plain HTTP, no proxy), so the figure is API Gateway's own cost. Alternated per point, as B1.
import { join } from "node:path";
import { buildDynamoDbApiApp, ITEMS_API } from "../../test/fixtures/apps/dynamodb-api-app.js";
import { synthFixture } from "../../test/fixtures/apps/synth-fixture.js";
import { callTarget, expectOk, httpsCall } from "../lib/http.js";
import {
  type CpuPerRequest,
  type LoadPlan,
  type LoadResult,
  type LoadTarget,
  runLoadWithCpu,
} from "../lib/load.js";
import { PROJECT_ROOT, spawnTarget, type Target } from "../lib/processes.js";
import { startRuntimeTarget } from "../lib/runtime-target.js";
import type { BenchContext } from "./context.js";

export interface ServiceIntegrationPoint {
  readonly runtime: LoadResult;
  readonly floor: LoadResult;
  readonly runtimeCpu: CpuPerRequest;
  readonly floorCpu: CpuPerRequest;
}

export interface ServiceIntegrationBenchResult {
  readonly points: readonly ServiceIntegrationPoint[];
}

export async function runServiceIntegrationBench(
  context: BenchContext,
): Promise<ServiceIntegrationBenchResult> {
  const { log, plan } = context;
  log("B9: synthesizing the REST API → DynamoDB fixture app and starting the runtime ...");
  const assembly = synthFixture("b9", buildDynamoDbApiApp);
  const runtime = await startRuntimeTarget(assembly, join(context.workDir, "b9-data"));
  const targets: Array<Target<unknown>> = [runtime];
  try {
    const engine = runtime.info.engine;
    if (engine === undefined) throw new Error("B9: could not find the runtime's DynamoDB Local process");
    const api = Object.entries(runtime.info.endpoints.restApiEndpoints ?? {}).find(([k]) =>
      k.endsWith(`/${ITEMS_API.apiName}`),
    )?.[1];
    const base = api?.stages.prod?.local;
    if (base === undefined) throw new Error("B9: endpoints.json lists no loopback URL for the items API");
    const created = await httpsCall(`${base}items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "bench lamp", tags: ["a", "b"] }),
    });
    const { id } = JSON.parse(created.body) as { id: string };
    const floor = await spawnTarget<{ url: string; id: string }>(
      join(PROJECT_ROOT, "bench", "targets", "integration-floor-server.ts"),
      { args: [engine.endpoint, "benchfloor", ITEMS_API.table] },
    );
    targets.push(floor);
    const runtimeTarget: LoadTarget = { url: `${base}items/${id}` };
    const floorTarget: LoadTarget = { url: `${floor.info.url}/prod/items/${floor.info.id}` };
    const [viaRuntime, direct] = await Promise.all([
      expectOk("the runtime (GET /prod/items/{id})", callTarget(runtimeTarget)),
      expectOk("the floor", callTarget(floorTarget)),
    ]);
    const shape = (body: string) => {
      const { id: _id, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return JSON.stringify(rest);
    };
    if (shape(viaRuntime.body) !== shape(direct.body)) {
      throw new Error(
        `B9: the runtime and the floor answer different items:\n${viaRuntime.body}\n${direct.body}`,
      );
    }
    const points: ServiceIntegrationPoint[] = [];
    for (const connections of plan.connections) {
      const load: LoadPlan = { connections, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds };
      const loadgen = process.pid;
      log(`B9: ${connections} connection(s): runtime ...`);
      const r = await runLoadWithCpu(runtimeTarget, load, {
        runtime: runtime.pid,
        engine: engine.pid,
        loadgen,
      });
      log(`B9: ${connections} connection(s): floor ...`);
      const f = await runLoadWithCpu(floorTarget, load, { floor: floor.pid, engine: engine.pid, loadgen });
      points.push({ runtime: r.result, floor: f.result, runtimeCpu: r.cpu, floorCpu: f.cpu });
    }
    return { points };
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}
