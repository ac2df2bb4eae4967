// B13: the providers system's path — the public HTTP API → VPC link → internal ALB → interface endpoint
// → endpoint service → NLB → the dog names ECS task (a local process) — against its floor, the same
// task's bundle run the same way and called directly. The runtime runs only the Providers* stacks of
// cdk.out; requests go to the API's direct loopback port (plain HTTP, no proxy), so the figure is the
// cost of the five local hops. Alternated per point, as B1.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { callTarget, expectOk } from "../lib/http.js";
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

export interface PrivateLinkPoint {
  readonly runtime: LoadResult;
  readonly floor: LoadResult;
  readonly runtimeCpu: CpuPerRequest;
  readonly floorCpu: CpuPerRequest;
}

export interface PrivateLinkBenchResult {
  readonly points: readonly PrivateLinkPoint[];
}

export async function runPrivateLinkBench(context: BenchContext): Promise<PrivateLinkBenchResult> {
  const { log, plan } = context;
  log("B13: starting the providers system (Providers* stacks) ...");
  const runtime = await startRuntimeTarget(context.assemblyDir, join(context.workDir, "b13-data"), {
    stacks: "Providers*",
  });
  const targets: Array<Target<unknown>> = [runtime];
  try {
    const apis = (runtime.info.endpoints as unknown as { httpApis?: Record<string, { local?: string }> })
      .httpApis;
    const local = Object.entries(apis ?? {}).find(([name]) => name.endsWith("/global-http-api"))?.[1].local;
    if (local === undefined) throw new Error("B13: endpoints.json lists no loopback URL for global-http-api");
    const assets = JSON.parse(
      readFileSync(join(context.assemblyDir, "ProvidersDogNames.assets.json"), "utf8"),
    ) as {
      dockerImages: Record<string, { source: { directory: string } }>;
    };
    const [image] = Object.values(assets.dockerImages);
    if (image === undefined) throw new Error("B13: ProvidersDogNames has no image asset");
    const floor = await spawnTarget<{ url: string }>(
      join(PROJECT_ROOT, "bench", "targets", "dog-names-floor.ts"),
      {
        args: [join(context.assemblyDir, image.source.directory)],
      },
    );
    targets.push(floor);
    const runtimeTarget: LoadTarget = { url: `${local}/dogs/males` };
    const floorTarget: LoadTarget = { url: `${floor.info.url}/dogs/males` };
    const [viaRuntime, direct] = await Promise.all([
      expectOk("the runtime (GET /dogs/males)", callTarget(runtimeTarget)),
      expectOk("the floor", callTarget(floorTarget)),
    ]);
    for (const answer of [viaRuntime, direct]) {
      if ((JSON.parse(answer.body) as { Gender?: string }).Gender !== "male") {
        throw new Error(`B13: unexpected answer ${answer.body}`);
      }
    }
    const points: PrivateLinkPoint[] = [];
    for (const connections of plan.connections) {
      const load: LoadPlan = { connections, seconds: plan.seconds, warmupSeconds: plan.warmupSeconds };
      const loadgen = process.pid;
      log(`B13: ${connections} connection(s): runtime ...`);
      const r = await runLoadWithCpu(runtimeTarget, load, { runtime: runtime.pid, loadgen });
      log(`B13: ${connections} connection(s): floor ...`);
      const f = await runLoadWithCpu(floorTarget, load, { floor: floor.pid, loadgen });
      points.push({ runtime: r.result, floor: f.result, runtimeCpu: r.cpu, floorCpu: f.cpu });
    }
    return { points };
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}
