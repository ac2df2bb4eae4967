// Runs the AWS CLI (`aws` on PATH) against a local endpoint with fixed credentials and no config files.
import { execFile } from "node:child_process";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runAwsCli(
  endpoint: string,
  credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  },
  args: readonly string[],
  /** The CLI to run (default `aws` on PATH; `/usr/bin/aws` is Debian's AWS CLI v2, TOOLCHAIN.md). */
  binary = "aws",
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ["--endpoint-url", endpoint, "--region", "eu-central-1", "--output", "json", ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
          AWS_CONFIG_FILE: "/nonexistent/aws-config",
          AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1",
          AWS_ENDPOINT_URL: "",
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
