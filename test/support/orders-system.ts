// The orders reference system running locally for acceptance scenarios: one runtime from the real
// cloud assembly (cdk.out), its entry points by role, the function log (to tell whether a request
// reached a function), and signed AWS calls to the local AWS endpoint (the AWS CLI: test/interop).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { stableId } from "../../src/shared/ids.js";
import { signedFetch } from "./aws-signing.js";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ASSEMBLY_DIR = join(PROJECT_ROOT, "cdk.out");
export const REGION = "eu-central-1";
export const ACCOUNTS = { consumer: "111111111111", food: "222222222222", beverage: "333333333333" } as const;
export const STACKS = { consumer: "OrdersConsumer", food: "OrdersFood", beverage: "OrdersBeverage" } as const;
export const SERVICES = ["food", "beverage"] as const;
export type Service = (typeof SERVICES)[number];
export type Role = keyof typeof ACCOUNTS;
export const OTHER: Readonly<Record<Service, Service>> = { food: "beverage", beverage: "food" };
export const OPTIONS: Readonly<Record<Service, readonly string[]>> = {
  food: ["pizza", "hamburger", "salat"],
  beverage: ["tea", "coffee", "water"],
};

/** `https://<service>.cross-account-microservices.com<path>`, the names of the consumer's private zone. */
export function serviceUrl(service: Service, path = "/v1/orders"): string {
  return `https://${service}.cross-account-microservices.com${path}`;
}

export function functionArn(service: Service, name: "post-order" | "get-orders" | "get-order"): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNTS[service]}:function:cross-account-microservices-${service}-${name}`;
}

export function tableArn(service: Service): string {
  return `arn:aws:dynamodb:${REGION}:${ACCOUNTS[service]}:table/cross-account-microservices-${service}`;
}

export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNTS.consumer}:secret:cross-account-microservices`;

/**
 * The id of a microservice's REST API. The runtime exposes no REST API id (no API Gateway control
 * plane, nothing in endpoints.json), so this mirrors the deterministic id the local API Gateway
 * provider gives `AWS::ApiGateway::RestApi` (logical id `MicroserviceApiFB1335EA`). The scenarios
 * prove it right: `Host: <id>.execute-api...` through the consumer's endpoint reaches that API.
 */
export function restApiId(service: Service): string {
  return stableId([ACCOUNTS[service], REGION, STACKS[service], "MicroserviceApiFB1335EA"], 10, "alnum");
}

export function executeApiHost(apiId: string): string {
  return `${apiId}.execute-api.${REGION}.amazonaws.com`;
}

export interface OrdersSystem {
  readonly system: RunningSystem;
  readonly endpoints: EndpointsFile;
  readonly dataDir: string;
  /** The entry points: each VPC's proxy, and the one outside every VPC. */
  readonly proxies: Readonly<Record<Role | "internet", string>>;
  /** Every function log line so far (`[<function name>] ...`). */
  readonly functionLines: readonly string[];
  /** Milliseconds `startRuntime` took (printed for the lead, never asserted). */
  readonly startMs: number;
  /** How many invocations have started so far (START lines). */
  invocations(): number;
  /** The function whose START line carries this request id (API Gateway passes its request id on). */
  invokedFunction(requestId: string): string | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Default: a fresh temporary directory. */
  readonly dataDir?: string;
  readonly inMemory?: boolean;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), "accountmesh-orders-"));
}

export async function startOrdersSystem(options: StartOptions = {}): Promise<OrdersSystem> {
  const dataDir = options.dataDir ?? freshDataDir();
  const functionLines: string[] = [];
  const started = Date.now();
  const system = await startRuntime({
    assemblyDir: ASSEMBLY_DIR,
    dataDir,
    inMemory: options.inMemory ?? false,
    portBase: 0,
    // cdk.out holds every reference system; these scenarios run the orders stacks.
    stacks: ["Orders*"],
    log: () => {},
    functionLog: (line) => functionLines.push(line),
  });
  const startMs = Date.now() - started;
  const { endpoints } = system;
  const starts = () => functionLines.filter((line) => /\] START RequestId: /.test(line));
  return {
    system,
    endpoints,
    dataDir,
    proxies: {
      consumer: vpcOf(endpoints, "consumer").proxy,
      food: vpcOf(endpoints, "food").proxy,
      beverage: vpcOf(endpoints, "beverage").proxy,
      internet: endpoints.internet,
    },
    functionLines,
    startMs,
    invocations: () => starts().length,
    invokedFunction: (requestId) => {
      const line = starts().find((l) => l.includes(`] START RequestId: ${requestId} `));
      return line === undefined ? undefined : /^\[([^\]]+)\]/.exec(line)?.[1];
    },
    stop: () => system.stop(),
  };
}

/** The VPC of an account's stack in endpoints.json (`<account>/<stack>/<logical id>`). */
export function vpcOf(endpoints: EndpointsFile, role: Role): EndpointsFile["vpcs"][string] {
  const prefix = `${ACCOUNTS[role]}/${STACKS[role]}/`;
  const matches = Object.entries(endpoints.vpcs).filter(([name]) => name.startsWith(prefix));
  const [match] = matches;
  if (match === undefined || matches.length !== 1) {
    throw new Error(`expected one VPC named ${prefix}* in endpoints.json, found ${matches.length}`);
  }
  return match[1];
}

/** An AWS JSON-protocol call to the local AWS endpoint, signed with these keys: status and parsed body. */
export async function awsJson(
  endpoints: EndpointsFile,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  service: "secretsmanager" | "dynamodb",
  operation: string,
  input: unknown,
): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
  const [prefix, contentType] =
    service === "secretsmanager"
      ? ["secretsmanager", "application/x-amz-json-1.1"]
      : ["DynamoDB_20120810", "application/x-amz-json-1.0"];
  const response = await signedFetch(endpoints.aws, {
    service,
    region: REGION,
    credentials,
    target: `${prefix}.${operation}`,
    contentType,
    body: JSON.stringify(input),
  });
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}
