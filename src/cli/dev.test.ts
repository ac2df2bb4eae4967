import { describe, expect, it } from "vitest";
import { parseDevOptions } from "./dev.js";

describe("accountmesh dev options", () => {
  it("defaults to fixed ports from 4566, persistent data under .accountmesh, synth when needed and watch on", () => {
    expect(parseDevOptions([], "/p")).toEqual({
      inMemory: false,
      portBase: 4566,
      dataDir: "/p/.accountmesh",
      synth: "auto",
      verbose: false,
      watch: true,
    });
  });

  it("reads every option", () => {
    const options = parseDevOptions(
      [
        "--in-memory",
        "--port-base",
        "20000",
        "--data-dir",
        "/tmp/x",
        "--no-synth",
        "--verbose",
        "--no-watch",
      ],
      "/p",
    );
    expect(options).toEqual({
      inMemory: true,
      portBase: 20000,
      dataDir: "/tmp/x",
      synth: "never",
      verbose: true,
      watch: false,
    });
  });

  it("rejects unknown options and bad values with coded errors naming the value", () => {
    expect(() => parseDevOptions(["--inmemory"], "/p")).toThrowError(
      expect.objectContaining({ code: "CLI_UNKNOWN_OPTION" }),
    );
    expect(() => parseDevOptions(["--port-base", "80"], "/p")).toThrowError(
      expect.objectContaining({ code: "CLI_INVALID_PORT_BASE", message: expect.stringContaining('"80"') }),
    );
    expect(() => parseDevOptions(["--data-dir"], "/p")).toThrowError(
      expect.objectContaining({ code: "CLI_MISSING_VALUE" }),
    );
  });
});
