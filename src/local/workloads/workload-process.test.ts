import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TargetUnreachableError } from "../network/front-door-registry.js";
import { forwardToProcess } from "./forward-to-process.js";
import { WorkloadProcess } from "./workload-process.js";

const dir = mkdtempSync(join(tmpdir(), "accountmesh-workload-"));
writeFileSync(
  join(dir, "server.mjs"),
  `import { createServer } from "node:http";
   createServer((req, res) => res.end(JSON.stringify({ url: req.url, method: req.method, greeting: process.env.GREETING, home: process.env.AWS_ACCESS_KEY_ID ?? null })))
     .listen(8080, () => console.log("listening"));`,
);
writeFileSync(join(dir, "crash.mjs"), `console.error("boom"); process.exit(3);`);

let current: WorkloadProcess | undefined;
afterEach(async () => {
  await current?.stop();
});

function workload(script: string, lines: string[] = []): WorkloadProcess {
  current = new WorkloadProcess({
    label: "test workload",
    args: [script],
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", GREETING: "hello" },
    containerPorts: [8080],
    log: (line) => lines.push(line),
  });
  return current;
}

describe("a workload as a local process", () => {
  it("maps its container port to a free loopback port, runs with only the environment it is given, logs its lines", async () => {
    const lines: string[] = [];
    const process = workload("server.mjs", lines);
    await process.start();
    const port = process.hostPort(8080);
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(8080);
    const handler = forwardToProcess("test workload", () => process.hostPort(8080));
    const answer = await handler({
      method: "POST",
      url: "/dogs?x=1",
      headers: { host: ["example"] },
      body: Buffer.from("hi"),
      protocol: "http",
      source: { sourceIp: "10.0.0.1", via: [] },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(String(answer.body))).toEqual({
      url: "/dogs?x=1",
      method: "POST",
      greeting: "hello",
      home: null,
    });
    expect(lines).toContain("listening");
  });

  it("refuses connections once stopped (TargetUnreachableError), and starts again", async () => {
    const process = workload("server.mjs");
    await process.start();
    await process.stop();
    expect(process.running).toBe(false);
    const handler = forwardToProcess("test workload", () => process.hostPort(8080));
    await expect(
      handler({
        method: "GET",
        url: "/",
        headers: {},
        body: Buffer.alloc(0),
        protocol: "http",
        source: { sourceIp: "", via: [] },
      }),
    ).rejects.toBeInstanceOf(TargetUnreachableError);
    await process.start();
    expect(process.hostPort(8080)).toBeGreaterThan(0);
  });

  it("fails to start, with a coded error, when the program exits before listening", async () => {
    const lines: string[] = [];
    await expect(workload("crash.mjs", lines).start()).rejects.toMatchObject({
      code: "WORKLOAD_START_FAILED",
      message: expect.stringContaining("test workload did not start: it exited (code 3) before listening"),
    });
    expect(lines).toContain("boom");
  });
});
