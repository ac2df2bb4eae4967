// `accountmesh dev` in a user's CDK project (test/fixtures/apps/items-api copied into a directory of
// its own, with this repository's node_modules as its own): it synthesizes the app with the
// project's CDK CLI, runs the environment-agnostic stack in the default account and region (its SQS
// queue included), prints the outputs, serves the REST API whose function uses the
// Lambda runtime's SDK against DynamoDB, and stops on Ctrl-C. A refused assembly exits non-zero
// with nothing left running; help and usage mistakes answer at once.
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CliProcess,
  dynamoDbLocalOnPort,
  exited,
  lineMatching,
  printedDynamoDbPort,
  startCli,
} from "../support/cli-process.js";
import { curl, jsonOf } from "../support/curl.js";
import { writeAssembly } from "../support/handwritten-assembly.js";
import { PROJECT_ROOT } from "../support/orders-system.js";

const MAIN = join(PROJECT_ROOT, "src/cli/main.ts");
const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const project = mkdtempSync(join(tmpdir(), "accountmesh-items-app-"));
cpSync(join(PROJECT_ROOT, "test/fixtures/apps/items-api"), project, { recursive: true });
symlinkSync(join(PROJECT_ROOT, "node_modules"), join(project, "node_modules"));
// NodejsFunction finds the project's root by its lock file.
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "items-app", private: true }));
writeFileSync(join(project, "package-lock.json"), JSON.stringify({ name: "items-app", lockfileVersion: 3 }));
const portBase = 23_000 + Math.floor(Math.random() * 8) * 1000;
const started: CliProcess[] = [];
const accountmesh = (args: readonly string[], cwd = project) => {
  // One process (node --import tsx), so that Ctrl-C reaches the CLI itself, as with the built bin.
  const child = startCli(process.execPath, ["--import", TSX_LOADER, MAIN, ...args], cwd);
  started.push(child);
  return child;
};

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
  }
  rmSync(project, { recursive: true, force: true });
});

describe("accountmesh dev in a user's CDK project", () => {
  let dev: CliProcess;
  let apiUrl: string;
  let caFile: string;

  it("synthesizes with the project's CDK CLI and starts the stack without env in the default account and region", async () => {
    dev = accountmesh(["dev", "--port-base", String(portBase), "--in-memory", "--no-watch"]);
    await lineMatching(dev, /accountmesh: ready in/);
    expect(dev.out).toContain(
      "with the project's CDK CLI (node_modules/.bin/cdk synth, app: node app.mjs) ...",
    );
    expect(dev.out).toContain(
      "accountmesh: stacks without env (ItemsApp) run as account 000000000000 in us-east-1 (change with --account / --region or AWS_REGION)",
    );
    // The queue runs (SQS has a plugin since issue 10): its URL is on the local AWS endpoint.
    expect(dev.out).not.toMatch(/AWS::SQS::Queue \(ItemsApp/);
    expect(dev.out).toContain("  ItemsApp (account 000000000000, us-east-1)");
    expect(dev.out).toMatch(
      new RegExp(
        `^ {4}JobsQueueUrl = http://127\\.0\\.0\\.1:${portBase}/000000000000/ItemsApp-Jobs[0-9A-F]{8}-[a-z0-9]{12}$`,
        "m",
      ),
    );
    apiUrl =
      /^ {4}ItemsApiEndpoint\w+ = (https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod\/)$/m.exec(
        dev.out,
      )?.[1] ?? "";
    expect(apiUrl).not.toBe("");
    caFile = /^ {2}certificate authority \(PEM\): (\S+)$/m.exec(dev.out)?.[1] ?? "";
    expect(caFile).toMatch(/ca\.pem$/);
    expect(dev.out).toContain(`try: curl -x http://127.0.0.1:${portBase + 33} --cacert ${caFile} ${apiUrl}`);
  }, 300_000);

  it("serves the REST API: the function writes and reads DynamoDB with the runtime's SDK", async () => {
    const proxy = `http://127.0.0.1:${portBase + 33}`;
    // The printed CA verifies the API's certificate (no -k).
    const created = await curl(["--cacert", caFile, "-X", "POST", `${apiUrl}items`, "-d", '{"name":"pen"}'], {
      proxy,
    });
    expect(created.status, created.body).toBe(201);
    const listed = await curl(["-k", `${apiUrl}items`], { proxy });
    expect(listed.status, listed.body).toBe(200);
    const body = jsonOf(listed) as { items: Array<{ name: string }>; jobs: string };
    expect(body.items.map((item) => item.name)).toEqual(["pen"]);
    // The queue's URL as the function's environment has it: on the local AWS endpoint (SQS plugin).
    expect(body.jobs).toBe(/^ {4}JobsQueueUrl = (\S+)$/m.exec(dev.out)?.[1]);
  }, 60_000);

  it("stops on Ctrl-C with exit code 0, its DynamoDB Local gone", async () => {
    const port = printedDynamoDbPort(dev.out) ?? "none";
    expect(dynamoDbLocalOnPort(port)).toHaveLength(1);
    dev.kill("SIGINT");
    expect(await exited(dev)).toEqual([0, null]);
    expect(dev.out).toContain("accountmesh: stopped");
    expect(dynamoDbLocalOnPort(port)).toEqual([]);
  }, 60_000);
});

describe("refusals and usage", () => {
  it("an assembly that cannot mean anything: exit 1, the error in the user's terms, nothing left running", async () => {
    const assembly = writeAssembly([
      {
        id: "Reader",
        template: {
          Resources: {
            Param: {
              Type: "AWS::SSM::Parameter",
              Properties: { Type: "String", Value: { "Fn::ImportValue": "nobody-exports-this" } },
            },
          },
        },
      },
    ]);
    try {
      const refused = accountmesh([
        "dev",
        "--assembly",
        assembly,
        "--port-base",
        String(portBase + 500),
        "--in-memory",
        "--data-dir",
        join(project, ".refused"),
      ]);
      const [code] = await exited(refused);
      expect(code).toBe(1);
      expect(refused.err).toContain(
        'Fn::ImportValue at Reader/Param Properties.Value asks for export "nobody-exports-this", which no stack provisioned before it exports in account 000000000000 (us-east-1)',
      );
      expect(refused.err).toContain("[MISSING_EXPORT]");
      expect(refused.err).not.toMatch(/\n\s+at /);
      const port = printedDynamoDbPort(refused.out);
      expect(port, refused.out).toBeDefined();
      expect(dynamoDbLocalOnPort(port ?? "")).toEqual([]);
    } finally {
      rmSync(assembly, { recursive: true, force: true });
    }
  }, 120_000);

  it("--help per command, and a usage mistake exits 2 naming the option", async () => {
    const help = accountmesh(["dev", "--help"]);
    expect(await exited(help)).toEqual([0, null]);
    expect(help.out).toContain("usage: accountmesh dev [options]");
    expect(help.out).toContain("--assembly <dir>");
    const synthHelp = accountmesh(["synth", "-h"]);
    expect(await exited(synthHelp)).toEqual([0, null]);
    expect(synthHelp.out).toContain("usage: accountmesh synth [options]");
    const wrong = accountmesh(["dev", "--stack", "A"]);
    expect((await exited(wrong))[0]).toBe(2);
    expect(wrong.err).toContain(
      'Unknown option "--stack" for dev; `accountmesh dev --help` lists them. [CLI_UNKNOWN_OPTION]',
    );
    const noApp = accountmesh(["synth"], tmpdir());
    expect((await exited(noApp))[0]).toBe(1);
    expect(noApp.err).toContain(
      "it has no cdk.json. Run accountmesh in your CDK project's directory, or pass --app",
    );
  }, 120_000);
});
