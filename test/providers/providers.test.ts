// Acceptance scenarios of the providers system (seed 003), driven with curl through the entry point
// outside every VPC (one runtime for the whole file): the seed's commands, the gateway's own answers,
// a provider stopped and started again, who can reach the providers' load balancers, and the todo
// instance's own credentials.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../support/aws-signing.js";
import { curl, jsonOf } from "../support/curl.js";
import { PROJECT_ROOT } from "../support/orders-system.js";
import {
  ACCOUNTS,
  loadBalancerOf,
  type ProvidersSystem,
  REGION,
  startProvidersSystem,
} from "../support/providers-system.js";
import { seedGetDogs, seedListTodos, seedPostTodo } from "./seed-commands.js";

let providers: ProvidersSystem;
const internet = () => ({ proxy: providers.proxies.internet });

beforeAll(async () => {
  providers = await startProvidersSystem();
});

afterAll(async () => {
  await providers?.stop();
  if (providers !== undefined) rmSync(providers.dataDir, { recursive: true, force: true });
});

describe("1. the seed's curl commands through the entry point outside every VPC", () => {
  it("GET /dogs, /dogs/males, /dogs/females answer the Go service's shapes (capitalized keys)", async () => {
    for (const [path, genders] of [
      ["/dogs", ["male", "female"]],
      ["/dogs/males", ["male"]],
      ["/dogs/females", ["female"]],
    ] as const) {
      const result = await curl(["-k", ...seedGetDogs(providers.apiUrl, path)], internet());
      expect(result.exitCode, result.error).toBe(0);
      expect(result.status).toBe(200);
      expect(result.headers["content-type"]).toBe("application/json");
      expect(result.headers["apigw-requestid"]).toMatch(/^\S{16}$/);
      const body = jsonOf(result) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["Name", "Gender"]);
      expect(body.Name).toMatch(/^[A-Z][a-z]+$/);
      expect(genders).toContain(body.Gender);
    }
  });

  it("POST /todo with a form field, then GET /todo and GET /todo/{id}, in flask's shapes", async () => {
    const posted = await curl(["-k", ...seedPostTodo(providers.apiUrl)], internet());
    expect(posted.status, posted.body).toBe(200);
    expect(posted.body).toMatch(/^\{"id": "[0-9a-f]{8}", "data": "Write new AWS blog post"\}\n$/);
    const { id } = jsonOf(posted) as { id: string };
    const listed = await curl(["-k", ...seedListTodos(providers.apiUrl)], internet());
    expect(listed.status).toBe(200);
    expect(jsonOf(listed)).toContainEqual({ id, data: "Write new AWS blog post" });
    const one = await curl(["-k", `${providers.apiUrl}/todo/${id}`], internet());
    expect(jsonOf(one)).toEqual({ id, data: "Write new AWS blog post" });
    const missing = await curl(["-k", `${providers.apiUrl}/todo/00000000`], internet());
    expect(missing.status).toBe(404);
    expect((jsonOf(missing) as { message: string }).message).toMatch(/^Todo 00000000 doesn't exist/);
    const wrong = await curl(["-k", "-X", "DELETE", `${providers.apiUrl}/todo/${id}`], internet());
    expect(wrong.status).toBe(405);
    const noData = await curl(
      ["-k", "-H", "content-type: application/json", "-d", '{"data":"x"}', `${providers.apiUrl}/todo`],
      internet(),
    );
    expect(noData.status).toBe(400);
  });

  it("the API's direct loopback port answers the same without any proxy", async () => {
    const result = await curl([`${providers.apiLocal}/dogs/females`]);
    expect(result.status).toBe(200);
    expect((jsonOf(result) as { Gender: string }).Gender).toBe("female");
  });
});

describe("2. the gateway's own answers", () => {
  it('GET /dogs/other matches no route: 404 {"message":"Not Found"} from the gateway', async () => {
    const result = await curl(["-k", `${providers.apiUrl}/dogs/other`], internet());
    expect(result.status).toBe(404);
    expect(result.body).toBe('{"message":"Not Found"}');
    expect(
      providers.lines.some((line) => line.includes("Generated new dog name") && line.includes("/dogs/other")),
    ).toBe(false);
  });

  it("a provider whose tasks are stopped answers 503 through the gateway, and 200 once they run again", async () => {
    const admin = providers.endpoints.accounts[ACCOUNTS.dogNames];
    expect(admin).toBeDefined();
    const services = providers.endpoints.ecsServices as Record<string, { arn: string }>;
    const [service] = Object.values(services);
    const scale = async (desiredCount: number) => {
      const response = await signedFetch(providers.endpoints.aws, {
        service: "ecs",
        region: REGION,
        credentials: admin as { accessKeyId: string; secretAccessKey: string },
        target: "AmazonEC2ContainerServiceV20141113.UpdateService",
        contentType: "application/x-amz-json-1.1",
        body: JSON.stringify({ service: service?.arn, desiredCount }),
      });
      expect(response.status, response.text).toBe(200);
      return JSON.parse(response.text) as { service: { runningCount: number } };
    };
    expect((await scale(0)).service.runningCount).toBe(0);
    const down = await curl(["-k", `${providers.apiUrl}/dogs`], internet());
    expect(down.status).toBe(503);
    expect((await scale(1)).service.runningCount).toBe(1);
    const up = await curl(["-k", `${providers.apiUrl}/dogs`], internet());
    expect(up.status).toBe(200);
  });
});

describe("3. only the global account reaches the providers, only through its endpoints", () => {
  it("a provider's NLB is unreachable from the other accounts' VPCs and from the internet", async () => {
    const nlb = loadBalancerOf(providers.endpoints, "todo", "FrontNlb");
    for (const proxy of [providers.proxies.global, providers.proxies.dogNames, providers.proxies.internet]) {
      const result = await curl([`http://${nlb.dnsName}:8080/todo`], { proxy });
      expect(result.status, `${proxy}: ${result.body}`).toBe(502);
      expect(result.body).toMatch(/not reachable|does not resolve/);
    }
    const own = await curl([`http://${nlb.dnsName}:8080/todo`], { proxy: providers.proxies.todo });
    expect(own.status).toBe(200);
  });
});

describe("4. the todo instance's own credentials (the SDK's default chain, IMDSv2)", () => {
  it("GetCallerIdentity reports the instance role; the role may neither Scan the table nor list tables (its policy allows neither)", async () => {
    const groups = providers.endpoints.autoScalingGroups as Record<
      string,
      { instances: { id: string; metadata: string }[] }
    >;
    const [instance] = Object.values(groups)[0]?.instances ?? [];
    expect(instance?.metadata).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const script = `
      import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
      import { DynamoDBClient, ListTablesCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
      const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      const dynamodb = new DynamoDBClient({});
      const { TableNames } = await dynamodb.send(new ListTablesCommand({})).catch((e) => ({ TableNames: [e.name] }));
      const scan = await dynamodb.send(new ScanCommand({ TableName: process.env.TABLE_NAME })).then(() => "allowed", (e) => e.name);
      console.log(JSON.stringify({ arn: identity.Arn, account: identity.Account, scan, listTables: TableNames }));
    `;
    const admin = providers.endpoints.accounts[ACCOUNTS.todo] as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    const tables = await signedFetch(providers.endpoints.aws, {
      service: "dynamodb",
      region: REGION,
      credentials: admin,
      target: "DynamoDB_20120810.ListTables",
      contentType: "application/x-amz-json-1.0",
      body: "{}",
    });
    const table = (JSON.parse(tables.text) as { TableNames: string[] }).TableNames.find((name) =>
      name.includes("Todos"),
    );
    expect(table).toBeDefined();
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL: providers.endpoints.aws,
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_EC2_METADATA_SERVICE_ENDPOINT: instance?.metadata ?? "",
        TABLE_NAME: table ?? "",
        NODE_NO_WARNINGS: "1",
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    await once(child, "close");
    const report = JSON.parse(Buffer.concat(out).toString() || "{}") as Record<string, unknown>;
    expect(report.account, Buffer.concat(err).toString()).toBe(ACCOUNTS.todo);
    expect(report.arn).toMatch(
      new RegExp(
        `^arn:aws:sts::${ACCOUNTS.todo}:assumed-role/ProvidersTodo-InstanceRole[^/]*/${instance?.id}$`,
      ),
    );
    expect(report.scan).toBe("AccessDeniedException");
    expect(report.listTables).toEqual(["AccessDeniedException"]);
  });
});
