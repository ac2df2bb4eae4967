// vitest globalSetup:
// - cdk.out synthesized from the current sources (skipped when it is up to date), because the local
//   runtime's tests and the scenario tests run the real assembly;
// - one in-memory DynamoDB Local for the whole run. Tests read its endpoint with
//   `inject("dynamodbEndpoint")` and isolate themselves by table name (and, if they need a separate
//   database, by access key id: DynamoDB Local runs without -sharedDb).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { readCdkProject } from "../src/cli/cdk-project.js";
import { synthesize } from "../src/cli/synth.js";
import { isAssemblyCurrent, markAssemblyCurrent } from "../src/cli/synth-cache.js";
import { startDynamoDbLocal } from "../src/local/aws/services/dynamodb/dynamodb-local.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outdir = join(PROJECT_ROOT, "cdk.out");
  const cdkProject = readCdkProject(PROJECT_ROOT);
  // The same fingerprint `npm start` keeps (no --app, no -c): either one's synth serves the other.
  const how = JSON.stringify({ app: null, context: {} });
  const [dynamodb] = await Promise.all([
    startDynamoDbLocal({ port: 0, inMemory: true }),
    isAssemblyCurrent(cdkProject, outdir, how)
      ? Promise.resolve()
      : synthesize({ project: cdkProject, outdir, quiet: true }).then(() =>
          markAssemblyCurrent(cdkProject, outdir, how),
        ),
  ]);
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
