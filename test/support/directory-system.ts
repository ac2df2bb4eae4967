// The directory reference system (seed 004) running locally for acceptance scenarios: one runtime from
// the real cloud assembly (cdk.out, beside orders), its entry points by VPC, the runtime's log (where
// Lattice writes every denial with its reason), and the client functions invoked with the AWS SDK as
// the seed invokes them by hand (Lambda console test button, then editing the environment).
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import type { EndpointsFile } from "../../src/local/endpoints-file.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { ASSEMBLY_DIR, freshDataDir } from "./orders-system.js";

export const DIRECTORY_REGION = "us-east-1";
export const DIRECTORY_ACCOUNTS = {
  shared: "121212121212",
  blue: "131313131313",
  green: "141414141414",
} as const;
export type Colour = "blue" | "green";

export interface DirectorySystem {
  readonly system: RunningSystem;
  readonly endpoints: EndpointsFile;
  /** The directory service's DNS name. */
  readonly dnsName: string;
  readonly serviceArn: string;
  /** Entry points: each client VPC, the two local peers, the shared main VPC (not associated). */
  readonly proxies: Readonly<Record<"blue" | "green" | "bluePeer" | "greenPeer" | "main", string>>;
  /** Every runtime log line so far. */
  readonly runtimeLines: readonly string[];
  readonly functionLines: readonly string[];
  readonly startMs: number;
  stop(): Promise<void>;
}

function vpcProxy(endpoints: EndpointsFile, prefix: string): string {
  const found = Object.entries(endpoints.vpcs).filter(([name]) => name.startsWith(prefix));
  if (found.length !== 1 || found[0] === undefined)
    throw new Error(`expected one VPC ${prefix}*, found ${found.length}`);
  return found[0][1].proxy;
}

export async function startDirectorySystem(): Promise<DirectorySystem> {
  const runtimeLines: string[] = [];
  const functionLines: string[] = [];
  const started = Date.now();
  const system = await startRuntime({
    assemblyDir: ASSEMBLY_DIR,
    dataDir: freshDataDir(),
    inMemory: true,
    portBase: 0,
    log: (line) => runtimeLines.push(line),
    functionLog: (line) => functionLines.push(line),
  });
  const startMs = Date.now() - started;
  const { endpoints } = system;
  const services = endpoints.latticeServices ?? {};
  const service = Object.entries(services).find(([label]) =>
    label.startsWith(`${DIRECTORY_ACCOUNTS.shared}/DirectoryShared/`),
  )?.[1];
  if (service === undefined) throw new Error("endpoints.json lists no directory service");
  const shared = `${DIRECTORY_ACCOUNTS.shared}/DirectoryShared/`;
  return {
    system,
    endpoints,
    dnsName: service.dnsName,
    serviceArn: service.arn,
    proxies: {
      blue: vpcProxy(endpoints, `${DIRECTORY_ACCOUNTS.blue}/DirectoryBlue/`),
      green: vpcProxy(endpoints, `${DIRECTORY_ACCOUNTS.green}/DirectoryGreen/`),
      bluePeer: vpcProxy(endpoints, `${shared}bluePeer`),
      greenPeer: vpcProxy(endpoints, `${shared}greenPeer`),
      main: vpcProxy(endpoints, `${shared}Main`),
    },
    runtimeLines,
    functionLines,
    startMs,
    stop: () => system.stop(),
  };
}

/** The Lambda API of a client account, as its administrator (the seed uses the console). */
export function lambdaOf(directory: DirectorySystem, colour: Colour): LambdaClient {
  const credentials = directory.endpoints.accounts[DIRECTORY_ACCOUNTS[colour]];
  if (credentials === undefined) throw new Error(`no administrator for ${colour}`);
  return new LambdaClient({
    endpoint: directory.endpoints.aws,
    region: DIRECTORY_REGION,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    maxAttempts: 1,
  });
}

export interface ClientAnswer {
  readonly status: number;
  readonly body: string;
}

/** Invokes a client function (InvokeCommand) and returns what it returned: status and body. */
export async function invokeClient(lambda: LambdaClient, functionName: string): Promise<ClientAnswer> {
  const output = await lambda.send(new InvokeCommand({ FunctionName: functionName }));
  const payload = Buffer.from(output.Payload ?? []).toString("utf8");
  if (output.FunctionError !== undefined) throw new Error(`${functionName} failed: ${payload}`);
  return JSON.parse(payload) as ClientAnswer;
}

/**
 * The seed's "edit the environment variable, invoke again": UpdateFunctionConfiguration with the
 * function's variables plus `changes` (undefined removes a variable).
 */
export async function updateEnvironment(
  lambda: LambdaClient,
  functionName: string,
  changes: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const current = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const variables: Record<string, string> = { ...current.Environment?.Variables };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete variables[key];
    else variables[key] = value;
  }
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: functionName,
      Environment: { Variables: variables },
    }),
  );
}
