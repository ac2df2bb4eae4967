import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../test/support/synth.js";

type Json = Record<string, unknown>;
type Statement = {
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Principal?: unknown;
  Sid?: string;
};

let sys: SynthesizedApp;

beforeAll(() => {
  sys = synthApp();
});

/** Every policy document in a template, with where it was found. */
function policyStatements(template: Json): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  const visit = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visit(n, `${where}[${i}]`);
    } else if (node !== null && typeof node === "object") {
      const obj = node as Json;
      if (Array.isArray(obj.Statement) && (obj.Version === "2012-10-17" || "Statement" in obj)) {
        for (const s of obj.Statement as Statement[]) found.push({ where, statement: s });
      }
      for (const [k, v] of Object.entries(obj)) visit(v, `${where}.${k}`);
    }
  };
  visit(template.Resources, "Resources");
  return found;
}

/**
 * The environment of an offline `cdk` run: no telemetry, no instance metadata and no AWS
 * credentials (a shell's own would make the CLI resolve a real account: a synth for a deploy).
 */
function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_DISABLE_CLI_TELEMETRY: "true",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_CONFIG_FILE: "/dev/null",
  };
  for (const name of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
    delete env[name];
  }
  delete env.CDK_DEFAULT_ACCOUNT;
  return { ...env, ...extra };
}

describe("the whole app", () => {
  it("`cdk synth` runs offline, lists one stack per account (and the pipeline's stage) and passes cdk-nag with no unacknowledged finding", async () => {
    // The user's own command: the CDK CLI runs src/infra/app.ts, which registers AwsSolutionsChecks
    // as a validation plugin; any finding without an acknowledgment fails the synth.
    const out = mkdtempSync(join(tmpdir(), "accountmesh-synth-"));
    try {
      const run = promisify(execFile);
      const env = offlineEnv();
      const common = ["--no-notices", "-o", out];
      // Four reference systems bundle their functions (the pipeline's stage reuses the flights bundles):
      // several minutes on a busy 2-core machine.
      const synth = await run("npx", ["cdk", "synth", "-q", ...common], { env, timeout: 360_000 }).catch(
        (e: { stdout: string; stderr: string; code: number }) => e,
      );
      const text = `${synth.stdout}\n${synth.stderr}`;
      expect(text).not.toContain("Acknowledge with");
      expect(text).toContain("Successfully synthesized");
      const list = await run("npx", ["cdk", "list", ...common], { env, timeout: 120_000 });
      expect(list.stdout.trim().split("\n").sort()).toEqual([
        "DirectoryBlue",
        "DirectoryGreen",
        "DirectoryShared",
        "FlightsAirmiles",
        "FlightsBooking",
        "FlightsPipeline",
        // The pipeline's stage: the same three stacks, deployed by the pipeline (not run locally).
        "FlightsPipeline/Prod/FlightsAirmiles (Prod-FlightsAirmiles)",
        "FlightsPipeline/Prod/FlightsBooking (Prod-FlightsBooking)",
        "FlightsPipeline/Prod/FlightsWeb (Prod-FlightsWeb)",
        "FlightsWeb",
        "OrdersBeverage",
        "OrdersConsumer",
        "OrdersFood",
        "ProvidersDogNames",
        "ProvidersGlobal",
        "ProvidersTodo",
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 540_000);

  it("a synth for a deploy (real credentials: CDK_DEFAULT_ACCOUNT) stops with the defaults, before any template", async () => {
    // The CDK CLI runs the app with CDK_DEFAULT_ACCOUNT set to the account the credentials resolve;
    // offline it passes the variable through from its own environment, which stands in for them.
    const out = mkdtempSync(join(tmpdir(), "accountmesh-refused-"));
    try {
      const env = offlineEnv({ CDK_DEFAULT_ACCOUNT: "210987654321" });
      const synth = await promisify(execFile)("npx", ["cdk", "synth", "-q", "--no-notices", "-o", out], {
        env,
        timeout: 120_000,
      }).then(
        () => ({ code: 0, text: "" }),
        (e: { stdout: string; stderr: string; code: number }) => ({
          code: e.code,
          text: `${e.stdout}\n${e.stderr}`,
        }),
      );
      expect(synth.code).not.toBe(0);
      expect(synth.text).toContain("PLACEHOLDER_ACCOUNTS");
      expect(synth.text).toContain("the AWS credentials resolve account 210987654321 (CDK_DEFAULT_ACCOUNT)");
      expect(synth.text).toContain("accountmesh:orders:consumerAccount");
      expect(existsSync(join(out, "OrdersConsumer.template.json"))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("gives every acknowledged finding a specific reason", () => {
    let count = 0;
    for (const construct of sys.app.node.findAll()) {
      for (const entry of construct.node.metadata.filter((m) => m.type === "aws:cdk:acknowledged-rules")) {
        for (const [rule, reason] of Object.entries(entry.data as Record<string, string>)) {
          count += 1;
          expect(typeof reason, rule).toBe("string");
          expect(reason.length, `reason for ${rule} at ${construct.node.path}`).toBeGreaterThan(60);
        }
      }
    }
    expect(count, "acknowledgments found in the assembly metadata").toBeGreaterThan(10);
  });

  it("attaches no *FullAccess or administrator managed policy", () => {
    for (const stack of sys.assembly.stacks) {
      const text = JSON.stringify(stack.template);
      expect(text, stack.id).not.toMatch(/FullAccess|AdministratorAccess|PowerUserAccess/);
    }
  });

  it("allows no wildcard action, except the KMS key's administrator statement for its own account", () => {
    const offenders: string[] = [];
    for (const stack of sys.assembly.stacks) {
      for (const { where, statement } of policyStatements(stack.template as Json)) {
        if (statement.Effect !== "Allow") continue;
        if (statement.NotAction !== undefined) offenders.push(`${stack.id} ${where}: NotAction`);
        const actions = [statement.Action ?? []].flat();
        for (const action of actions.filter((a) => a === "*" || a.endsWith(":*"))) {
          // AWS's default key policy: the key's own account administers it (kms:*); without it the key
          // would be unmanageable. Written reason: README "Security".
          const isKeyAdmin =
            action === "kms:*" &&
            where.includes("KeyPolicy") &&
            JSON.stringify(statement.Principal).includes(":root");
          if (
            !isKeyAdmin ||
            JSON.stringify(statement.Principal).match(/\d{12}/)?.[0] !== stack.environment.account
          ) {
            offenders.push(`${stack.id} ${where}: ${action}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("contains no private key or credential", () => {
    for (const stack of sys.assembly.stacks) {
      const text = JSON.stringify(stack.template);
      expect(text, stack.id).not.toMatch(/PRIVATE KEY|AKIA[0-9A-Z]{16}|aws_secret_access_key/i);
    }
  });

  it("only associates each private API with the consumer's endpoint, never a literal id", () => {
    for (const id of ["OrdersFood", "OrdersBeverage"]) {
      const text = JSON.stringify(sys.artifact(id).template);
      expect(text).not.toMatch(/vpce-[0-9a-f]+/);
      expect(text).toContain('"Fn::GetStackOutput"');
    }
  });

  it("hands the directory clients their network and the service's DNS name by weak reference, never a literal", () => {
    for (const id of ["DirectoryBlue", "DirectoryGreen"]) {
      const text = JSON.stringify(sys.artifact(id).template);
      expect(text).not.toMatch(/sn-[0-9a-f]{17}|vpc-lattice-svcs\./);
      expect(text).toContain('"Fn::GetStackOutput"');
    }
  });
});
