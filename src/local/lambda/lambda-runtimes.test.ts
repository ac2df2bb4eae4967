// Choosing what runs a function here: the Python interpreter for a python3.x runtime, the notes the
// start-up log gives, what to install when something Lambda provides is missing, and Lambda's /opt
// merged from several layers.
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LambdaRuntimes, missingProvidedHint } from "./lambda-runtimes.js";
import { optDirectory } from "./layer-directory.js";
import { choosePython, type PythonInterpreter } from "./python-interpreters.js";

const dir = mkdtempSync(join(tmpdir(), "accountmesh-runtimes-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("choosePython", () => {
  const machine: Record<string, PythonInterpreter> = {
    "python3.12": { executable: "/opt/py312/bin/python3.12", version: "3.12.1", minor: 12 },
    python3: { executable: "/usr/local/bin/python3.11", version: "3.11.7", minor: 11, boto3: "1.40.0" },
    "/usr/bin/python3": { executable: "/usr/bin/python3.11", version: "3.11.2", minor: 11 },
  };
  const probe = (command: string) => machine[command];

  it("takes the runtime's own version first, then the nearest with boto3", () => {
    expect(choosePython(12, ["python3.12", "python3", "/usr/bin/python3"], probe)?.executable).toBe(
      "/opt/py312/bin/python3.12",
    );
    expect(choosePython(13, ["python3.13", "python3", "/usr/bin/python3"], probe)?.executable).toBe(
      "/usr/local/bin/python3.11",
    );
    expect(choosePython(12, ["python3.12-absent"], probe)).toBeUndefined();
  });

  it("finds this machine's Python 3 (the real executable, not a shim) and says what it runs on", () => {
    const support = new LambdaRuntimes().support("python3.11");
    expect(support.status).not.toBe("unavailable");
    expect(support.text).toMatch(/^Python 3\.\d+\.\d+ \(\/.+python3[.\d]*/);
  });
});

describe("the start-up notes", () => {
  const runtimes = new LambdaRuntimes();
  it("runs Node.js runtimes of any version on this machine's Node.js, saying so when they differ", () => {
    const major = process.versions.node.split(".")[0];
    expect(runtimes.support(`nodejs${major}.x`).status).toBe("ok");
    expect(runtimes.support("nodejs16.x")).toMatchObject({
      status: "note",
      text: expect.stringContaining(`Node.js ${process.versions.node} (this machine's, not 16: run anyway)`),
    });
  });

  it("refuses container images and unknown runtimes with what would run", () => {
    expect(runtimes.support("", "Image").status).toBe("unavailable");
    expect(runtimes.support("dotnet8").text).toContain(".NET functions need Lambda's .NET runtime support");
    expect(runtimes.support("ruby3.3").text).toContain(
      "build the function for a custom runtime (provided.al2023",
    );
  });
});

describe("missingProvidedHint", () => {
  it("names what to install for boto3 and for an SDK client, and nothing for other failures", () => {
    expect(
      missingProvidedHint(
        "Runtime.ImportModuleError",
        "Unable to import module 'index': No module named 'boto3'",
        "3.1",
      ),
    ).toContain("apt-get install python3-boto3");
    expect(
      missingProvidedHint(
        "Runtime.ImportModuleError",
        "Error: Cannot find module '@aws-sdk/client-s3'",
        "3.9.0",
      ),
    ).toContain("npm install @aws-sdk/client-s3@3.9.0");
    expect(
      missingProvidedHint("Runtime.ImportModuleError", "No module named 'requests'", "3.9.0"),
    ).toBeUndefined();
    expect(
      missingProvidedHint("Runtime.HandlerNotFound", "No module named 'boto3'", "3.9.0"),
    ).toBeUndefined();
  });
});

describe("optDirectory", () => {
  const layer = (name: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, path, ".."), { recursive: true });
      writeFileSync(join(dir, name, path), text);
    }
    return join(dir, name);
  };

  it("is the layer itself for one layer and nothing for none", () => {
    expect(optDirectory([], dir)).toBeUndefined();
    expect(optDirectory(["/some/layer"], dir)).toBe("/some/layer");
  });

  it("merges several layers as extraction into /opt would: the later layer's file wins", () => {
    const a = layer("a", { "python/common.py": "a", "python/only_a.py": "a", "bin/tool": "a" });
    const b = layer("b", { "python/common.py": "b", "lib/libx.so": "b" });
    const opt = optDirectory([a, b], join(dir, "scratch")) as string;
    expect(readFileSync(join(opt, "python", "common.py"), "utf8")).toBe("b");
    expect(readFileSync(join(opt, "python", "only_a.py"), "utf8")).toBe("a");
    expect(readlinkSync(join(opt, "bin"))).toBe(join(a, "bin"));
    expect(readlinkSync(join(opt, "lib"))).toBe(join(b, "lib"));
    expect(optDirectory([a, b], join(dir, "scratch"))).toBe(opt);
  });
});
