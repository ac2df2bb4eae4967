import { describe, expect, it } from "vitest";
import { DEFAULT_PORT_BASE, LOCAL_DEFAULT_ACCOUNT, LOCAL_DEFAULT_REGION } from "../local/index.js";
import { parseCliOptions } from "./cli-options.js";
import { DEV_OPTIONS, DEV_USAGE, SYNTH_OPTIONS } from "./usage.js";

const dev = (args: string[]) => parseCliOptions("dev", args, "/p", DEV_OPTIONS);

describe("accountmesh dev options", () => {
  it("defaults to fixed ports from 4566, persistent data under .accountmesh, synth when needed and watch on", () => {
    expect(dev([])).toEqual({
      help: false,
      inMemory: false,
      portBase: 4566,
      dataDir: "/p/.accountmesh",
      synth: "auto",
      verbose: false,
      watch: true,
      context: {},
      stacks: [],
      parameters: [],
    });
  });

  it("reads every option, relative paths against the current directory", () => {
    const options = dev([
      "--in-memory",
      "--port-base",
      "20000",
      "--data-dir",
      "x",
      "--no-synth",
      "--verbose",
      "--no-watch",
      "--app",
      "npx tsx bin/app.ts",
      "--assembly=out",
      "--output",
      "/tmp/o",
      "-c",
      "stage=dev",
      "--context=a=b=c",
      "--stacks",
      "Api,Db*",
      "--stacks=Other",
      "--parameters",
      "Api:Key=v",
      "--parameters",
      "Global=w",
      "--account",
      "123456789012",
      "--region",
      "eu-west-1",
    ]);
    expect(options).toEqual({
      help: false,
      inMemory: true,
      portBase: 20000,
      dataDir: "/p/x",
      synth: "never",
      verbose: true,
      watch: false,
      app: "npx tsx bin/app.ts",
      assembly: "/p/out",
      output: "/tmp/o",
      context: { stage: "dev", a: "b=c" },
      stacks: ["Api", "Db*", "Other"],
      parameters: [
        { stack: "Api", name: "Key", value: "v" },
        { name: "Global", value: "w" },
      ],
      account: "123456789012",
      region: "eu-west-1",
    });
    expect(dev(["-h"]).help).toBe(true);
  });

  it("states the runtime's defaults in its help", () => {
    expect(DEV_USAGE).toContain(`(default ${LOCAL_DEFAULT_ACCOUNT})`);
    expect(DEV_USAGE).toContain(`else ${LOCAL_DEFAULT_REGION})`);
    expect(DEV_USAGE).toContain(`(default ${DEFAULT_PORT_BASE})`);
    expect(dev([]).portBase).toBe(DEFAULT_PORT_BASE);
  });

  it("rejects unknown options and bad values with coded errors naming the value", () => {
    expect(() => dev(["--inmemory"])).toThrowError(
      expect.objectContaining({
        code: "CLI_UNKNOWN_OPTION",
        message: expect.stringContaining("accountmesh dev --help"),
      }),
    );
    expect(() => dev(["--port-base", "80"])).toThrowError(
      expect.objectContaining({ code: "CLI_INVALID_PORT_BASE", message: expect.stringContaining('"80"') }),
    );
    expect(() => dev(["--data-dir"])).toThrowError(expect.objectContaining({ code: "CLI_MISSING_VALUE" }));
    expect(() => dev(["-c", "novalue"])).toThrowError(
      expect.objectContaining({ code: "CLI_INVALID_VALUE", message: expect.stringContaining("key=value") }),
    );
    // synth takes no runtime options.
    expect(() => parseCliOptions("synth", ["--in-memory"], "/p", SYNTH_OPTIONS)).toThrowError(
      expect.objectContaining({ code: "CLI_UNKNOWN_OPTION", message: expect.stringContaining("for synth") }),
    );
  });
});
