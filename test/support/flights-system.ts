// The flights reference system (seed 002) running locally for acceptance scenarios: one runtime over
// the real cloud assembly's FlightsBooking, FlightsAirmiles and FlightsWeb stacks, the two public REST
// APIs by name, the web app's CloudFront distribution, the administrators' credentials and the
// runtime's log (where undelivered SNS messages and dropped events are reported).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import type { AwsCredentials } from "../../src/local/iam/types.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { ASSEMBLY_DIR, REGION } from "./orders-system.js";

export const FLIGHTS_ACCOUNTS = {
  booking: "444444444444",
  airmiles: "555555555555",
  /** The web account: the private bucket and the distribution. */
  web: "666666666666",
  /** An account with no business with the topic (the web account's number). */
  stranger: "666666666666",
} as const;
/** The web account's stack: the private bucket, the distribution and the BucketDeployment. */
export const FLIGHTS_WEB_STACK = "FlightsWeb";
export { REGION };

export interface FlightsSystem {
  readonly system: RunningSystem;
  readonly endpoints: EndpointsFile;
  /** The entry point outside every VPC (an HTTP proxy). */
  readonly internet: string;
  /** `https://<id>.execute-api.eu-central-1.amazonaws.com` of each API (the seed's outputs). */
  readonly bookingApi: string;
  readonly airmilesApi: string;
  /** Loopback URLs of the same APIs without any proxy (`http://127.0.0.1:<port>`), for load. */
  readonly bookingLocal: string;
  readonly airmilesLocal: string;
  /** The web app's distribution: `https://<d>.cloudfront.net/` and its loopback URL (both end with `/`). */
  readonly site: { readonly url: string; readonly local: string };
  readonly topicArn: string;
  readonly deadLetterQueueUrl: string;
  readonly dataDir: string;
  /** Every runtime log line so far. */
  readonly lines: readonly string[];
  /** Every function log line so far. */
  readonly functionLines: readonly string[];
  admin(account: string): AwsCredentials;
  stop(): Promise<void>;
}

/**
 * Starts the Flights* stacks of the project's cdk.out (synthesized by the suite's global setup) on the
 * real runtime, ports chosen by the system, DynamoDB Local in memory unless `inMemory: false`. Rejects
 * when an API or the web app's distribution is missing from endpoints.json (cdk.out without them).
 */
export async function startFlightsSystem(
  options: { dataDir?: string; inMemory?: boolean } = {},
): Promise<FlightsSystem> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "accountmesh-flights-"));
  const lines: string[] = [];
  const functionLines: string[] = [];
  const system = await startRuntime({
    assemblyDir: ASSEMBLY_DIR,
    dataDir,
    inMemory: options.inMemory ?? true,
    portBase: 0,
    // The system's own stacks; not FlightsPipeline (the tools account: deploy-time only, nothing runs).
    stacks: ["FlightsBooking", "FlightsAirmiles", "FlightsWeb"],
    log: (line) => lines.push(line),
    functionLog: (line) => functionLines.push(line),
  });
  try {
    return describeFlights(system, dataDir, lines, functionLines);
  } catch (error) {
    await system.stop();
    throw error;
  }
}

function describeFlights(
  system: RunningSystem,
  dataDir: string,
  lines: readonly string[],
  functionLines: readonly string[],
): FlightsSystem {
  const output = (stack: string, key: string): string => {
    const value = system.stacks.find((s) => s.stackName === stack)?.outputs.find((o) => o.key === key)?.value;
    if (value === undefined) throw new Error(`stack ${stack} has no output ${key}`);
    return value;
  };
  const apis = system.endpoints.restApiEndpoints as Record<string, { url: string; local?: string }>;
  const api = (key: string) => {
    const found = apis[key];
    if (found === undefined)
      throw new Error(`endpoints.json lists no REST API ${key}: ${Object.keys(apis).join(", ")}`);
    return found;
  };
  const booking = api(`${FLIGHTS_ACCOUNTS.booking}/flights-booking-api`);
  const airmiles = api(`${FLIGHTS_ACCOUNTS.airmiles}/flights-airmiles-api`);
  const distributions = Object.entries(system.endpoints.distributions ?? {});
  const site = distributions.find(([key]) => key.startsWith(`${FLIGHTS_ACCOUNTS.web}/`))?.[1];
  if (site?.local === undefined) {
    throw new Error(
      `endpoints.json lists no distribution with a loopback URL in the web account ${FLIGHTS_ACCOUNTS.web} (found: ${distributions.map(([key]) => key).join(", ") || "none"}); is ${FLIGHTS_WEB_STACK} in cdk.out?`,
    );
  }
  return {
    system,
    endpoints: system.endpoints,
    internet: system.endpoints.internet,
    bookingApi: output("FlightsBooking", "BookingAPI"),
    airmilesApi: output("FlightsAirmiles", "AirmileAPI"),
    bookingLocal: String(booking.local),
    airmilesLocal: String(airmiles.local),
    site: { url: site.url, local: site.local },
    topicArn: output("FlightsBooking", "BookingTopicArn"),
    deadLetterQueueUrl: output("FlightsAirmiles", "DeadLetterQueueUrl"),
    dataDir,
    lines,
    functionLines,
    admin: (account) => ({ ...system.credentials.adminFor(account) }),
    stop: () => system.stop(),
  };
}
