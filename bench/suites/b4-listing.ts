// B4: GET /v1/orders (first page, 100 orders, newest first) through the orders path with 100, 10,000
// and 100,000 stored orders. Orders are loaded straight into the engine through the local AWS
// endpoint (BatchWriteItem as the food account's administrator, parallel batches), in the shape
// the PlaceOrder handler writes; the page is then read by the deployed ListOrders function.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { callTarget, expectOk } from "../lib/http.js";
import { type LoadResult, type LoadTarget, runLoad } from "../lib/load.js";
import { ORDERS_HOST, ORDERS_PATH, readOrdersFunction } from "../lib/orders-system.js";
import { listenerUrl, type RuntimeInfo, startRuntimeTarget } from "../lib/runtime-target.js";
import type { BenchContext } from "./context.js";

const FOOD_ACCOUNT = "222222222222";
const BATCH = 25;
const PARALLEL_BATCHES = 8;
const REQUESTS_PER_POINT = 200;

export interface ListingPoint {
  readonly stored: number;
  readonly p50: number;
  readonly p99: number;
  readonly result: LoadResult;
}

export interface ListingBenchResult {
  readonly points: readonly ListingPoint[];
  /** Items written per second while loading (through the local AWS endpoint). */
  readonly loadItemsPerSecond: number;
}

export async function runListingBench(
  context: BenchContext,
  sizes: readonly number[],
): Promise<ListingBenchResult> {
  const { log } = context;
  const { ordersTable } = readOrdersFunction(context.assemblyDir);
  log("B4: starting a fresh runtime with the orders system ...");
  const runtime = await startRuntimeTarget(context.assemblyDir, join(context.workDir, "b4-data"), {
    stacks: "Orders*",
  });
  try {
    const client = engineClient(runtime.info);
    const target: LoadTarget = {
      url: `${listenerUrl(runtime.info)}${ORDERS_PATH}`,
      method: "GET",
      headers: { host: ORDERS_HOST },
      servername: ORDERS_HOST,
    };
    const points: ListingPoint[] = [];
    let stored = 0;
    let loadMs = 0;
    for (const size of sizes) {
      log(`B4: storing ${size - stored} orders (${size} in all) ...`);
      const started = performance.now();
      await storeOrders(client, ordersTable, stored, size - stored);
      loadMs += performance.now() - started;
      stored = size;
      const page = await expectOk("the runtime (GET /v1/orders)", callTarget(target));
      const count = (JSON.parse(page.body) as unknown[]).length;
      if (count !== Math.min(size, 100)) {
        throw new Error(
          `B4: the first page holds ${count} orders with ${size} stored; expected ${Math.min(size, 100)}`,
        );
      }
      // The first point also warms the listing path (JIT), so later points do not look faster for it.
      log(`B4: ${REQUESTS_PER_POINT} listings with ${size} stored ...`);
      await runLoad(target, { connections: 1, amount: points.length === 0 ? 200 : 20 });
      const result = await runLoad(target, { connections: 1, amount: REQUESTS_PER_POINT });
      points.push({ stored: size, p50: result.p50, p99: result.p99, result });
    }
    client.destroy();
    return { points, loadItemsPerSecond: Math.round(stored / (loadMs / 1000)) };
  } finally {
    await runtime.stop();
  }
}

function engineClient(info: RuntimeInfo): DynamoDBClient {
  const admin = info.endpoints.accounts[FOOD_ACCOUNT];
  if (admin === undefined)
    throw new Error(`B4: no credentials for account ${FOOD_ACCOUNT} in endpoints.json`);
  return new DynamoDBClient({
    endpoint: info.endpoints.aws,
    region: info.endpoints.region,
    credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
    maxAttempts: 10,
  });
}

/** Orders `first .. first+count-1`, newest first by index: createdAt one millisecond apart. */
async function storeOrders(
  client: DynamoDBClient,
  table: string,
  first: number,
  count: number,
): Promise<void> {
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  let next = first;
  const end = first + count;
  const worker = async () => {
    while (next < end) {
      const from = next;
      next = Math.min(end, next + BATCH);
      let requests: WriteRequest[] = [];
      for (let i = from; i < next; i++) {
        const createdAt = new Date(base + i).toISOString();
        requests.push({
          PutRequest: {
            Item: {
              orderId: { S: randomBytes(16).toString("hex") },
              orderDate: { S: createdAt.slice(0, 10) },
              fullName: { S: `Bench ${i}` },
              food: { S: "pizza" },
              orderList: { S: "ORDER" },
              createdAt: { S: createdAt },
            },
          },
        });
      }
      while (requests.length > 0) {
        const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = answer.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));
}
