// What a Dockerfile of an image asset says to run, read without Docker: the final stage's WORKDIR, ENV,
// EXPOSE and CMD/ENTRYPOINT, and whether the image can run natively — a Node.js base image whose
// files are the build context copied into WORKDIR, and whose command is `node ...`. Anything else is
// refused with the instruction that prevents it (Dockerfile reference, docs.docker.com).

export interface ImagePlan {
  readonly workdir: string;
  /** CMD after ENTRYPOINT, exec form or shell form split on blanks. */
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly exposed: readonly number[];
}

/** The plan, or why the image cannot run as a local Node.js process (a sentence naming the instruction). */
export function planImage(dockerfile: string): ImagePlan | { readonly notRunnable: string } {
  const lines = joinContinuations(dockerfile);
  const stages = lines.filter((line) => /^FROM\s/i.test(line));
  if (stages.length !== 1) {
    return {
      notRunnable: `${stages.length === 0 ? "no FROM" : "a multi-stage build"}: only single-stage Node.js images run as local processes`,
    };
  }
  let workdir = "/";
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  const env: Record<string, string> = {};
  const exposed: number[] = [];
  for (const line of lines) {
    const [, instruction = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    switch (instruction.toUpperCase()) {
      case "FROM":
        if (!/(^|\/)node(:|@|$)/.test(rest.split(/\s+/)[0] ?? "")) {
          return {
            notRunnable: `FROM ${rest}: only Node.js base images (node:<version>) run as local processes`,
          };
        }
        break;
      case "WORKDIR":
        workdir = rest.startsWith("/") ? rest : `${workdir.replace(/\/$/, "")}/${rest}`;
        break;
      case "COPY":
      case "ADD": {
        const parts = rest.split(/\s+/).filter((part) => !part.startsWith("--"));
        const destination = parts.at(-1) ?? "";
        const into =
          destination === "." ||
          destination === "./" ||
          destination.replace(/\/$/, "") === workdir.replace(/\/$/, "");
        if (!into)
          return {
            notRunnable: `${instruction} ${rest}: only copies from the build context into WORKDIR run locally`,
          };
        break;
      }
      case "ENV":
        for (const [name, value] of parseEnv(rest)) env[name] = value;
        break;
      case "EXPOSE":
        for (const port of rest.split(/\s+/)) exposed.push(Number.parseInt(port, 10));
        break;
      case "ENTRYPOINT":
        entrypoint = commandOf(rest);
        break;
      case "CMD":
        cmd = commandOf(rest);
        break;
      case "USER":
      case "LABEL":
      case "ARG":
      case "HEALTHCHECK":
      case "STOPSIGNAL":
        break;
      default:
        return {
          notRunnable: `${instruction} ${rest}: build steps do not run without Docker; build the files into the context instead`,
        };
    }
  }
  const command = [...entrypoint, ...cmd];
  if (command[0] !== "node" && command[0] !== "/usr/local/bin/node") {
    return { notRunnable: `its command ${JSON.stringify(command)} does not start with node` };
  }
  return { workdir, command, env, exposed: exposed.filter(Number.isInteger) };
}

function joinContinuations(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function commandOf(rest: string): string[] {
  if (rest.startsWith("[")) {
    try {
      const parsed = JSON.parse(rest) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // shell form below
    }
  }
  return rest.split(/\s+/).filter((part) => part !== "");
}

function parseEnv(rest: string): [string, string][] {
  if (!rest.includes("=")) {
    const [name = "", ...value] = rest.split(/\s+/);
    return [[name, value.join(" ")]];
  }
  return [...rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map((m) => [
    m[1] ?? "",
    m[3] ?? m[2] ?? "",
  ]);
}
