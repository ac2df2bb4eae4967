// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per area (our modules,
// node internals, each package), restricted to a time window (the measured load) when given.
// Frames of a bundle with a source map beside it (the functions' index.mjs + index.mjs.map) are
// mapped back to their original module, so a minified handler bundle still names its packages.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  /** True when the samples were restricted to the measured window. */
  readonly windowed: boolean;
  readonly functions: readonly HotSpot[];
  readonly areas: readonly HotSpot[];
}

/**
 * Self time over one or more profiles (several threads add up). `window`: [start, end] in
 * microseconds of the monotonic clock (process.hrtime), the clock V8 stamps samples with.
 */
export function summarizeProfiles(
  profiles: readonly CpuProfile[],
  window?: { startUs: number; endUs: number },
  top = 25,
): ProfileSummary {
  const perFunction = new Map<string, { name: string; where: string; us: number }>();
  const perArea = new Map<string, number>();
  let total = 0;
  let inWindow = profiles.length > 0;
  const original = originalFrames();
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const windowed =
      window !== undefined && window.startUs < profile.endTime && window.endUs > profile.startTime;
    inWindow &&= windowed;
    let time = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      time += delta;
      if (windowed && (time < window.startUs || time > window.endUs)) return;
      const generated = byId.get(id)?.callFrame;
      if (generated === undefined) return;
      const frame = original(generated);
      const where = location(frame);
      const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
      const key = `${name} ${where}`;
      const entry = perFunction.get(key) ?? { name, where, us: 0 };
      entry.us += delta;
      perFunction.set(key, entry);
      const area = areaOf(frame);
      perArea.set(area, (perArea.get(area) ?? 0) + delta);
      total += delta;
    });
  }
  const spot = (name: string, where: string, us: number): HotSpot => ({
    name,
    where,
    selfMs: Math.round(us / 100) / 10,
    percent: total === 0 ? 0 : Math.round((us / total) * 1000) / 10,
  });
  return {
    sampledMs: Math.round(total / 1000),
    windowed: inWindow,
    functions: [...perFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => spot(e.name, e.where, e.us)),
    areas: [...perArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([area, us]) => spot(area, "", us)),
  };
}

/** A mapper of generated frames to original ones, through `<file>.map` where there is one. */
function originalFrames(): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, SourceMap | undefined>();
  return (frame) => {
    const file = frame.url.replace(/^file:\/\//, "");
    if (file === "" || file.startsWith("node:")) return frame;
    let map = maps.get(file);
    if (!maps.has(file)) {
      try {
        map = existsSync(`${file}.map`)
          ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")))
          : undefined;
      } catch {
        map = undefined;
      }
      maps.set(file, map);
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
      | { originalSource?: string; originalLine?: number; name?: string }
      | undefined;
    if (entry?.originalSource === undefined) return frame;
    return {
      functionName: frame.functionName === "" && entry.name !== undefined ? entry.name : frame.functionName,
      url: entry.originalSource,
      lineNumber: entry.originalLine ?? 0,
      columnNumber: 0,
    };
  };
}

function location(frame: CallFrame): string {
  if (frame.url === "") return "";
  const url = frame.url.replace(/^file:\/\//, "");
  const short = url.includes("/node_modules/")
    ? url.slice(url.lastIndexOf("/node_modules/") + "/node_modules/".length)
    : url.includes("/src/")
      ? url.slice(url.indexOf("/src/") + 1)
      : url;
  return `${short}:${frame.lineNumber + 1}`;
}

/** `(garbage collector)`, `(idle)`, `src/local/gateway`, `node:internal/tls`, `@aws-sdk/...`. */
function areaOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, "");
  if (url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.startsWith("node:")) {
    const parts = url.split("/");
    return parts.slice(0, Math.min(parts.length, 2)).join("/").replace(/\.js$/, "");
  }
  if (url.includes("/node_modules/")) {
    const rest = url.slice(url.lastIndexOf("/node_modules/") + "/node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.includes("/src/")) {
    const rest = url.slice(url.indexOf("/src/") + 1).split("/");
    return rest.slice(0, Math.min(rest.length - 1, 3)).join("/");
  }
  return url;
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const lines = [
    `${title}: ${summary.sampledMs} ms sampled${summary.windowed ? " during the measured load" : " (whole process)"}`,
    "  by area:",
    ...summary.areas.map((a) => `    ${String(a.percent).padStart(5)}%  ${a.selfMs} ms  ${a.name}`),
    "  top functions (self time):",
    ...summary.functions.map((f) => `    ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`),
  ];
  return lines.join("\n");
}
