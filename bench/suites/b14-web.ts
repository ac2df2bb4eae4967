// B14: a web page and its config.json through CloudFront → S3 (the flights system's web stack of the
// bench's cdk.out, beside the booking and airmiles stacks its config.json names: the built app in a
// private bucket, read by the distribution through origin access control, every request
// authorized by the bucket policy), against a floor measured in the same run: a plain node:http static
// file server answering the same files from the same kind of place (the bucket's directory, read per
// request). Both run in this process, as loopback HTTP without TLS (the distribution's loopback door),
// so the ratio is what the CloudFront and S3 steps (routing, the decision point, metadata) cost.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startRuntime } from "../../src/local/runtime.js";
import { type LoadResult, runLoad } from "../lib/load.js";
import type { BenchContext } from "./context.js";

export interface WebPoint {
  readonly path: string;
  readonly runtime: LoadResult;
  readonly floor: LoadResult;
}

export interface WebBenchResult {
  readonly points: readonly WebPoint[];
}

/** The flights web account (FlightsWeb: the bucket and the distribution). */
const WEB_ACCOUNT = "666666666666";
const TYPES: Record<string, string> = { "/": "text/html", "/config.json": "application/json" };

/** The floor: a static file server over a directory of URI-encoded object files, as S3 keeps them. */
async function staticServer(dir: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const key = path === "/" ? "index.html" : path.slice(1);
    try {
      const body = readFileSync(join(dir, encodeURIComponent(key)));
      res.writeHead(200, {
        "content-type": TYPES[path] ?? "application/octet-stream",
        "content-length": body.length,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export async function runWebBench(context: BenchContext): Promise<WebBenchResult> {
  context.log("B14: starting the flights stacks (the web app was built by Vite at synth) ...");
  const system = await startRuntime({
    assemblyDir: context.assemblyDir,
    dataDir: mkdtempSync(join(context.workDir, "b14-")),
    inMemory: true,
    portBase: 0,
    // The system's own stacks; not FlightsPipeline (the tools account: deploy-time only, nothing runs).
    stacks: ["FlightsBooking", "FlightsAirmiles", "FlightsWeb"],
    log: () => {},
    functionLog: () => {},
  });
  const ofWebAccount = <T>(entries: Readonly<Record<string, T>> | undefined): T | undefined =>
    Object.entries(entries ?? {}).find(([key]) => key.startsWith(`${WEB_ACCOUNT}/`))?.[1];
  const site = ofWebAccount(system.endpoints.distributions)?.local;
  const bucketDir = ofWebAccount(system.endpoints.buckets);
  if (site === undefined || bucketDir === undefined) {
    await system.stop();
    throw new Error(
      `B14: the flights stacks of ${context.assemblyDir} run no distribution or bucket in the web account ${WEB_ACCOUNT}; synthesize cdk.out again (npm run synth).`,
    );
  }
  const floor = await staticServer(bucketDir);
  const points: WebPoint[] = [];
  try {
    for (const path of ["/", "/config.json"]) {
      for (const connections of context.plan.connections) {
        const plan = {
          connections,
          seconds: context.plan.seconds,
          warmupSeconds: context.plan.warmupSeconds,
        };
        const runtime = await runLoad({ url: new URL(path, site).toString() }, plan);
        const plain = await runLoad({ url: `${floor.url}${path}` }, plan);
        context.log(
          `B14 ${path} @${connections}: CloudFront → S3 ${runtime.rps} req/s p99 ${runtime.p99} ms; static server ${plain.rps} req/s p99 ${plain.p99} ms`,
        );
        points.push({ path, runtime, floor: plain });
      }
    }
  } finally {
    floor.close();
    await system.stop();
  }
  return { points };
}
