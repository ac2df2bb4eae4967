// The runtimes scenario's system (test/fixtures/runtimes-app) started on the whole runtime, for
// runtimes.test.ts and the AWS CLI's case in test/interop/runtimes.interop.test.ts.
import { join } from "node:path";
import type { AwsCredentials } from "../../src/local/iam/types.js";
import { PLUGINS } from "../../src/local/plugins.js";
import { type RunningSystem, startRuntime } from "../../src/local/runtime.js";
import { ACCOUNT, synthRuntimesApp } from "../fixtures/runtimes-app/runtimes-app.js";

export interface RuntimesSystem {
  readonly system: RunningSystem;
  /** The account's administrator, from endpoints.json. */
  readonly admin: AwsCredentials;
}

/**
 * Synthesizes the runtimes app under `workDir` and starts it in memory on free ports, its start-up
 * lines into `log` and its functions' lines into `functionLog`.
 */
export async function startRuntimesSystem(
  workDir: string,
  log: (line: string) => void = () => {},
  functionLog: (line: string) => void = () => {},
): Promise<RuntimesSystem> {
  const assemblyDir = synthRuntimesApp(join(workDir, "cdk.out"));
  const system = await startRuntime({
    assemblyDir,
    dataDir: join(workDir, "data"),
    inMemory: true,
    portBase: 0,
    log,
    functionLog,
    // No table in this app: no DynamoDB engine to start.
    plugins: PLUGINS.filter((plugin) => plugin.name !== "dynamodb"),
  });
  const account = system.endpoints.accounts[ACCOUNT];
  if (account === undefined) {
    await system.stop();
    throw new Error("no administrator for the account in endpoints.json");
  }
  return { system, admin: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey } };
}
