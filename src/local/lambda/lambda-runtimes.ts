// Which Lambda runtimes this machine can run, and how: Node.js functions in worker threads of this
// process, with the AWS SDK for JavaScript v3 that Lambda's Node.js runtimes include
// (/var/runtime/node_modules: here accountmesh's own); Python functions as a process of a Python 3 of
// the machine running lambda-python-bootstrap.py; custom runtimes (provided.al2023, provided.al2)
// as the function's own `bootstrap`. The last two speak the Lambda Runtime API. Anything else —
// Java, .NET, Ruby, container images, or Python where the machine has none — is reported at start-up
// with what would make it run, and its invocations fail as Lambda's do for a broken runtime.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { choosePython, type PythonInterpreter, pythonCandidates } from "./python-interpreters.js";

/** How the execution environments of a function are started. */
export type RuntimeLaunch =
  | { readonly kind: "worker"; readonly variables: Readonly<Record<string, string>> }
  | {
      readonly kind: "process";
      readonly command: string;
      readonly args: readonly string[];
      /** The entry point as Lambda would name it in a failure (the local path). */
      readonly entrypoint: string;
      /** Defaults of the runtime (PYTHONPATH, PATH, ...): the function's own variables override them. */
      readonly variables: Readonly<Record<string, string>>;
    }
  | { readonly kind: "unavailable"; readonly errorType: string; readonly errorMessage: string };

/** What start-up says about a runtime: `ok` runs as on Lambda; `note` runs with a difference; `unavailable` does not run. */
export interface RuntimeSupport {
  readonly runtime: string;
  readonly status: "ok" | "note" | "unavailable";
  readonly text: string;
}

const LAMBDA_PATH = "/usr/local/bin:/usr/bin/:/bin";
const BOOTSTRAP_PY = fileURLToPath(new URL("./lambda-python-bootstrap.py", import.meta.url));

/** The scopes of the packages Lambda's Node.js runtimes hold in /var/runtime/node_modules. */
const RUNTIME_SCOPES = ["@aws-sdk", "@smithy"];

/**
 * A node_modules directory that holds only `@aws-sdk` and `@smithy` — links to accountmesh's own —
 * as Lambda's /var/runtime/node_modules holds only the SDK: a function's `require("zod")` must fail
 * here as there, not find one of accountmesh's dependencies. Made once per installation, under the
 * system's temporary directory. Node follows the links to the real files, so the SDK's own
 * dependencies resolve from where they are installed.
 */
function runtimeNodeModules(installed: string, version: string): string {
  const id = createHash("sha256").update(installed).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `accountmesh-runtime-sdk-${version}-${id}`, "node_modules");
  mkdirSync(dir, { recursive: true });
  for (const scope of RUNTIME_SCOPES) {
    const link = join(dir, scope);
    if (existsSync(link) || !existsSync(join(installed, scope))) continue;
    try {
      symlinkSync(join(installed, scope), link, "dir");
    } catch (error) {
      // Another process made it in the meantime.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return dir;
}

/** accountmesh's own AWS SDK for JavaScript v3: a node_modules directory holding only it, and its version. */
function ownSdk(): { readonly nodeModules: string; readonly version: string } | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve("@aws-sdk/client-dynamodb");
    const installed = entry.slice(0, entry.lastIndexOf("/node_modules/") + "/node_modules".length);
    const manifest = join(installed, "@aws-sdk", "client-dynamodb", "package.json");
    const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
    return { nodeModules: runtimeNodeModules(installed, version), version };
  } catch {
    return undefined;
  }
}

function unavailableText(runtime: string): string {
  const family = /^[a-z]+/.exec(runtime)?.[0] ?? runtime;
  const what: Readonly<Record<string, string>> = {
    java: "Java functions need Lambda's Java runtime interface client",
    dotnet: ".NET functions need Lambda's .NET runtime support",
    ruby: "Ruby functions need Lambda's Ruby runtime interface client",
    go: "go1.x is retired on Lambda",
  };
  return (
    `${what[family] ?? `${runtime} is not a runtime accountmesh knows`}, which accountmesh does not provide: ` +
    "build the function for a custom runtime (provided.al2023 with a `bootstrap` executable, e.g. Go or Rust), " +
    "Python or Node.js to run it locally"
  );
}

export interface LambdaRuntimesOptions {
  /** Commands tried for python3.<minor> functions, best first (default: pythonCandidates). */
  readonly pythonCandidates?: (minor: number) => readonly string[];
}

export class LambdaRuntimes {
  readonly #pythons = new Map<number, PythonInterpreter | undefined>();
  readonly #candidates: (minor: number) => readonly string[];
  #sdk: ReturnType<typeof ownSdk> | null = null;

  constructor(options: LambdaRuntimesOptions = {}) {
    this.#candidates = options.pythonCandidates ?? pythonCandidates;
  }

  /** The SDK Node.js functions get when their bundle leaves it out (undefined: accountmesh has none installed). */
  get sdk(): { readonly nodeModules: string; readonly version: string } | undefined {
    if (this.#sdk === null) this.#sdk = ownSdk();
    return this.#sdk;
  }

  #python(minor: number): PythonInterpreter | undefined {
    if (!this.#pythons.has(minor)) this.#pythons.set(minor, choosePython(minor, this.#candidates(minor)));
    return this.#pythons.get(minor);
  }

  /** How `runtime` runs here, in one line for the start-up log. */
  support(runtime: string, packageType = "Zip"): RuntimeSupport {
    if (packageType !== "Zip") {
      return {
        runtime: `${packageType} package`,
        status: "unavailable",
        text: "container image functions need a container engine; accountmesh runs zip functions only",
      };
    }
    const node = /^nodejs(\d+)\.x$/.exec(runtime);
    if (node !== null) {
      const sdk = this.sdk;
      const host = process.versions.node;
      const same = host.split(".")[0] === node[1];
      const sdkText =
        sdk === undefined
          ? "no AWS SDK for JavaScript v3 installed beside accountmesh (bundles must carry theirs)"
          : `AWS SDK for JavaScript v3 ${sdk.version} where the bundle leaves it out`;
      return {
        runtime,
        status: same ? "ok" : "note",
        text: `Node.js ${host}${same ? "" : ` (this machine's, not ${node[1]}: run anyway)`}, ${sdkText}`,
      };
    }
    const python = /^python3\.(\d+)$/.exec(runtime);
    if (python !== null) {
      const minor = Number(python[1]);
      const interpreter = this.#python(minor);
      if (interpreter === undefined) {
        return {
          runtime,
          status: "unavailable",
          text: `no Python 3 on this machine: install Python 3.${minor} (Debian: apt-get install python3 python3-boto3)`,
        };
      }
      const exact = interpreter.minor === minor;
      const boto3 =
        interpreter.boto3 === undefined
          ? "without boto3 (Lambda provides it: apt-get install python3-boto3, or pip install boto3)"
          : `boto3 ${interpreter.boto3}`;
      return {
        runtime,
        status: exact && interpreter.boto3 !== undefined ? "ok" : "note",
        text:
          `Python ${interpreter.version} (${interpreter.executable}${exact ? "" : `; install Python 3.${minor} to run it on its own version`}), ` +
          boto3,
      };
    }
    if (/^provided(\.al2|\.al2023)?$/.test(runtime)) {
      return { runtime, status: "ok", text: "the function's own bootstrap, speaking the Lambda Runtime API" };
    }
    return { runtime, status: "unavailable", text: unavailableText(runtime) };
  }

  /**
   * How to start an environment of a function: `codeDir` is its task root, `optDir` its layers
   * (Lambda's /opt), `runtimeMajor` what the Node.js runtime name says.
   */
  launch(runtime: string, packageType: string, codeDir: string, optDir: string | undefined): RuntimeLaunch {
    const support = this.support(runtime, packageType);
    if (support.status === "unavailable") {
      return {
        kind: "unavailable",
        errorType: "Runtime.InvalidEntrypoint",
        errorMessage: `Error: ${support.runtime} cannot run on this machine: ${support.text}.`,
      };
    }
    const opt = (path: string) => (optDir === undefined ? [] : [join(optDir, path)]);
    const path = [LAMBDA_PATH, ...opt("bin")].join(":");
    const libraries = ["/lib64:/usr/lib64", codeDir, join(codeDir, "lib"), ...opt("lib")].join(":");
    const node = /^nodejs(\d+)\.x$/.exec(runtime);
    if (node !== null) {
      const sdk = this.sdk?.nodeModules;
      const nodePath = [
        ...opt(`nodejs/node${node[1]}/node_modules`),
        ...opt("nodejs/node_modules"),
        ...(sdk === undefined ? [] : [sdk]),
        codeDir,
      ];
      return {
        kind: "worker",
        variables: { NODE_PATH: nodePath.join(":"), PATH: path, LD_LIBRARY_PATH: libraries },
      };
    }
    const python = /^python3\.(\d+)$/.exec(runtime);
    if (python !== null) {
      const interpreter = this.#python(Number(python[1])) as PythonInterpreter;
      const pythonPath = [codeDir, ...opt(`python/lib/python3.${python[1]}/site-packages`), ...opt("python")];
      return {
        kind: "process",
        command: interpreter.executable,
        // -B: no __pycache__ written into the asset (Lambda's task root is read-only).
        args: ["-u", "-B", BOOTSTRAP_PY],
        entrypoint: interpreter.executable,
        variables: {
          PYTHONPATH: pythonPath.join(":"),
          PATH: `${dirname(interpreter.executable)}:${path}`,
          LD_LIBRARY_PATH: libraries,
        },
      };
    }
    const bootstraps = [join(codeDir, "bootstrap"), ...opt("bootstrap")];
    const bootstrap = bootstraps.find((candidate) => existsSync(candidate));
    if (bootstrap === undefined) {
      return {
        kind: "unavailable",
        errorType: "Runtime.InvalidEntrypoint",
        errorMessage: `Error: Couldn't find valid bootstrap(s): [${bootstraps.join(" ")}]`,
      };
    }
    return {
      kind: "process",
      command: bootstrap,
      args: [],
      entrypoint: bootstrap,
      variables: { PATH: path, LD_LIBRARY_PATH: libraries },
    };
  }
}

/**
 * What to install when an init failure is about something Lambda's runtimes provide and this machine
 * lacks: boto3/botocore for Python, an `@aws-sdk/*` client for Node.js. undefined: nothing to add.
 */
export function missingProvidedHint(
  errorType: string,
  errorMessage: string,
  sdkVersion: string | undefined,
): string | undefined {
  if (errorType !== "Runtime.ImportModuleError") return undefined;
  const python = /No module named '(boto3|botocore)/.exec(errorMessage);
  if (python !== null) {
    return `Lambda's Python runtimes include boto3; this machine's Python has none: apt-get install python3-boto3 (or pip install boto3)`;
  }
  const node = /Cannot find (?:module|package) '(@(?:aws-sdk|smithy)\/[^/']+)/.exec(errorMessage);
  if (node?.[1] !== undefined) {
    const version = sdkVersion === undefined || node[1].startsWith("@smithy") ? "" : `@${sdkVersion}`;
    return `Lambda's Node.js runtimes include ${node[1]}; it is not installed beside accountmesh: npm install ${node[1]}${version}`;
  }
  return undefined;
}
