// The awsQuery wire shapes of SNS: form parameters (`Attributes.entry.1.key`,
// `MessageAttributes.entry.1.Value.StringValue`, `PublishBatchRequestEntries.member.1.Id`) into the
// SDK's input shapes, and output shapes into `<member>` lists and `<entry><key/><value/></entry>` maps.
import { escapeXml } from "../../protocol/xml.js";

type Tree = { [key: string]: Tree | string };

/** Form parameters → SDK-shaped input: `member.N` lists become arrays, `entry.N` maps objects. */
export function queryInput(params: URLSearchParams): Record<string, unknown> {
  const tree: Tree = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue;
    const path = key.split(".");
    let node = tree;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) node[part] = value;
      else {
        let next = node[part];
        if (typeof next !== "object") {
          next = {};
          node[part] = next;
        }
        node = next;
      }
    }
  }
  return normalize(tree) as Record<string, unknown>;
}

function normalize(node: Tree | string): unknown {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === "member" || keys[0] === "entry")) {
    const items = node[keys[0]] as Tree;
    const ordered = Object.keys(items)
      .sort((a, b) => Number(a) - Number(b))
      .map((index) => normalize(items[index] as Tree));
    if (keys[0] === "member") return ordered;
    const map: Record<string, unknown> = {};
    for (const item of ordered as Record<string, unknown>[]) {
      const name = item.key ?? item.Name;
      if (typeof name === "string") map[name] = item.value ?? item.Value;
    }
    return map;
  }
  return Object.fromEntries(keys.map((key) => [key, normalize(node[key] as Tree)]));
}

/** Members whose object values are maps (`<entry><key/><value/>`), not structures. */
const MAPS = new Set(["Attributes"]);

/** SDK-shaped output → the XML members of `<{Operation}Result>`. */
export function queryOutputXml(output: Readonly<Record<string, unknown>>): string {
  return Object.entries(output)
    .filter(([name, value]) => value !== undefined && !name.startsWith("$"))
    .map(([name, value]) => element(name, value))
    .join("");
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    return `<${name}>${value.map((item) => element("member", item)).join("")}</${name}>`;
  }
  if (value !== null && typeof value === "object") {
    if (MAPS.has(name)) {
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(String(v))}</value></entry>`)
        .join("");
      return `<${name}>${entries}</${name}>`;
    }
    return `<${name}>${queryOutputXml(value as Record<string, unknown>)}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
