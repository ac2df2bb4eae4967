// What an EC2 instance's user data runs, read without booting it: the code a CDK asset brings
// (`aws s3 cp 's3://<bucket>/<key>' <file>` then `unzip <file> -d <dir>`) and the systemd units the
// script writes (`cat > /etc/systemd/system/<name>.service <<'X' ... X`): WorkingDirectory,
// Environment= and ExecStart, with paths under the unzipped directory mapped to the asset in cdk.out.
// A unit runs locally when its ExecStart is `node` (`node-<version>` included) and it names its port
// in Environment=PORT. Anything else is refused with the line that prevents it.
import type { AssetSource } from "../assembly/types.js";

export interface UnitPlan {
  readonly unit: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
}

const DOWNLOAD = /aws s3 cp '?s3:\/\/[^/'\s]+\/([^'\s]+?)'? '?([^'\s]+?)'?(?:\s|$)/g;
const UNZIP = /unzip(?: -\S+)* '?([^'\s]+?)'? -d '?([^'\s]+?)'?(?:\s|$)/g;
const UNIT = /cat > '?\/etc\/systemd\/system\/([\w@.-]+)\.service'? <<-?'?(\w+)'?\n([\s\S]*?)\n\2(?:\n|$)/g;

/** The units the user data starts, or why the instance cannot run locally. */
export function planUserData(
  userData: string,
  assets: ReadonlyMap<string, AssetSource>,
): readonly UnitPlan[] | { readonly notRunnable: string } {
  const files = new Map<string, AssetSource>();
  for (const [, key = "", file = ""] of userData.matchAll(DOWNLOAD)) {
    const asset = assets.get(key);
    if (asset !== undefined) files.set(file, asset);
  }
  const directories = new Map<string, string>(); // instance path → cdk.out path
  for (const [, file = "", dir = ""] of userData.matchAll(UNZIP)) {
    const asset = files.get(file);
    if (asset !== undefined && asset.packaging === "zip") directories.set(dir.replace(/\/$/, ""), asset.path);
  }
  const local = (path: string): string | undefined => {
    for (const [dir, target] of directories) {
      if (path === dir) return target;
      if (path.startsWith(`${dir}/`)) return `${target}${path.slice(dir.length)}`;
    }
    return undefined;
  };
  const plans: UnitPlan[] = [];
  for (const [, unit = "", , body = ""] of userData.matchAll(UNIT)) {
    const settings = body.split("\n").map((line) => line.trim());
    const value = (name: string) =>
      settings.find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);
    const env: Record<string, string> = {};
    for (const line of settings.filter((l) => l.startsWith("Environment="))) {
      for (const [, name = "", quoted, plain] of line
        .slice(12)
        .matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) {
        env[name] = quoted ?? plain ?? "";
      }
    }
    const [executable = "", ...args] = (value("ExecStart") ?? "").replace(/^[-@+!]+/, "").split(/\s+/);
    if (!/(^|\/)node(-\d+)?$/.test(executable)) {
      return {
        notRunnable: `unit ${unit}: ExecStart=${value("ExecStart") ?? "(none)"} is not a Node.js program`,
      };
    }
    const mapped = args.map((arg) => (arg.startsWith("/") ? local(arg) : arg));
    const workingDirectory = value("WorkingDirectory");
    const cwd = workingDirectory === undefined ? directories.values().next().value : local(workingDirectory);
    if (mapped.includes(undefined) || cwd === undefined) {
      return {
        notRunnable: `unit ${unit}: its files are not under a directory the user data unzips from a CDK asset`,
      };
    }
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 1) {
      return {
        notRunnable: `unit ${unit}: it sets no Environment=PORT=<port> (the port the local runtime maps)`,
      };
    }
    plans.push({ unit, args: mapped as string[], cwd, env, port });
  }
  if (plans.length === 0) {
    return {
      notRunnable: "its user data writes no systemd unit (/etc/systemd/system/<name>.service) to run",
    };
  }
  return plans;
}
