// The AWS CLI v2 for the interoperability suite (`npm run test:interop`): found on PATH (or
// $ACCOUNTMESH_AWS_CLI, or /usr/bin/aws, Debian's v2 — an older v1 may come first on PATH), run
// against a local endpoint with fixed credentials and no config files. `npm test` never needs it.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let found: string | undefined;

/** The path of an `aws` whose `--version` says aws-cli/2; throws saying how to install one. */
export function awsCliV2(): string {
  if (found !== undefined) return found;
  const candidates = [
    process.env.ACCOUNTMESH_AWS_CLI,
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "aws")),
    "/usr/bin/aws",
  ].filter((path): path is string => path !== undefined && path !== "" && existsSync(path));
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 60_000 });
      if (version.startsWith("aws-cli/2")) {
        found = path;
        return path;
      }
    } catch {
      // not a working AWS CLI: try the next one
    }
  }
  throw new Error(
    `No AWS CLI v2 found (looked at ${candidates.join(", ") || "PATH and /usr/bin/aws"}). The interoperability ` +
      "suite needs it: `apt-get install awscli` (Debian's v2), or set ACCOUNTMESH_AWS_CLI to an aws v2 executable.",
  );
}

export function runAwsCli(
  endpoint: string,
  credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  },
  args: readonly string[],
  region = "eu-central-1",
): Promise<CliResult> {
  const aws = awsCliV2();
  return new Promise((resolve) => {
    execFile(
      aws,
      ["--endpoint-url", endpoint, "--region", region, "--output", "json", ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
          AWS_CONFIG_FILE: "/nonexistent/aws-config",
          AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
          AWS_PAGER: "",
          AWS_EC2_METADATA_DISABLED: "true",
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
