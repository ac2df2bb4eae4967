// The Python interpreters of this machine, for python3.x functions: Lambda's Python runtimes are a
// Python of that version with boto3 beside it. Each candidate is asked once (a process start) for
// its real executable (not a version manager's shim), its version and its boto3.
import { spawnSync } from "node:child_process";

export interface PythonInterpreter {
  /** The real executable (sys.executable). */
  readonly executable: string;
  /** `3.11.7`. */
  readonly version: string;
  readonly minor: number;
  /** boto3's version when it is importable, as Lambda's runtimes provide it. */
  readonly boto3?: string;
}

const PROBE = [
  "import json, sys",
  "try:",
  "    from importlib.metadata import version",
  "    boto3 = version('boto3')",
  "except Exception:",
  "    boto3 = None",
  "print(json.dumps({'executable': sys.executable, 'version': '%d.%d.%d' % sys.version_info[:3], 'boto3': boto3}))",
].join("\n");

/** What one candidate command answers; undefined when it is no Python 3 (absent, a shim without it, a failure). */
export function probePython(command: string): PythonInterpreter | undefined {
  const result = spawnSync(command, ["-c", PROBE], { encoding: "utf8", timeout: 15_000 });
  if (result.status !== 0 || typeof result.stdout !== "string") return undefined;
  try {
    const answer = JSON.parse(result.stdout.trim().split("\n").pop() ?? "") as {
      executable: string;
      version: string;
      boto3: string | null;
    };
    const [major, minor] = answer.version.split(".").map(Number);
    if (major !== 3 || minor === undefined || minor < 8) return undefined;
    return {
      executable: answer.executable,
      version: answer.version,
      minor,
      ...(answer.boto3 === null ? {} : { boto3: answer.boto3 }),
    };
  } catch {
    return undefined;
  }
}

/** Commands that may run Python 3.`minor`, best first. */
export function pythonCandidates(minor: number): string[] {
  return [`python3.${minor}`, "python3", `/usr/bin/python3.${minor}`, "/usr/bin/python3"];
}

/**
 * The interpreter for a python3.`minor` function: that version if the machine has it, else the
 * nearest Python 3.8+; between equals, the one with boto3. undefined: no Python 3 at all.
 */
export function choosePython(
  minor: number,
  candidates: readonly string[],
  probe: (command: string) => PythonInterpreter | undefined = probePython,
): PythonInterpreter | undefined {
  const seen = new Set<string>();
  let best: { interpreter: PythonInterpreter; score: number } | undefined;
  for (const command of candidates) {
    const interpreter = probe(command);
    if (interpreter === undefined || seen.has(interpreter.executable)) continue;
    seen.add(interpreter.executable);
    const score =
      (interpreter.minor === minor ? 1000 : 0) -
      Math.abs(interpreter.minor - minor) * 10 +
      (interpreter.boto3 === undefined ? 0 : 5);
    if (best === undefined || score > best.score) best = { interpreter, score };
  }
  return best?.interpreter;
}
