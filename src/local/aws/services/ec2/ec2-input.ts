// EC2 request parameters: flattened query lists (`NetworkInterfaceId.1`, `Filter.1.Value.2`) read into
// the SDK-shaped input the operations take, and that input checked when it comes in-process.
import { AwsError } from "../../protocol/aws-error.js";
import type { Ec2Filter } from "./ec2-filters.js";

function byIndex(entries: [number, string][]): string[] {
  return entries.sort(([a], [b]) => a - b).map(([, value]) => value);
}

/** Values of `<name>.1`, `<name>.2`, ... in index order. */
export function queryList(params: URLSearchParams, name: string): string[] | undefined {
  const pattern = new RegExp(`^${name}\\.(\\d+)$`, "i");
  const entries: [number, string][] = [];
  for (const [key, value] of params) {
    const match = pattern.exec(key);
    if (match !== null) entries.push([Number(match[1]), value]);
  }
  return entries.length === 0 ? undefined : byIndex(entries);
}

/** `Filter.N.Name` and `Filter.N.Value.M` → `[{ Name, Values }]`. */
export function queryFilters(params: URLSearchParams): Ec2Filter[] | undefined {
  const filters = new Map<number, { name?: string; values: [number, string][] }>();
  for (const [key, value] of params) {
    const match = /^filter\.(\d+)\.(name|value\.(\d+))$/i.exec(key);
    if (match === null) continue;
    const index = Number(match[1]);
    const filter = filters.get(index) ?? { values: [] };
    if (match[3] === undefined) filter.name = value;
    else filter.values.push([Number(match[3]), value]);
    filters.set(index, filter);
  }
  if (filters.size === 0) return undefined;
  return [...filters.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, f]) => {
      if (f.name === undefined) {
        throw new AwsError("InvalidParameterValue", `Filter.${index} has values but no Name.`);
      }
      return { Name: f.name, Values: byIndex(f.values) };
    });
}

export function stringListInput(
  input: Readonly<Record<string, unknown>>,
  member: string,
): string[] | undefined {
  const value = input[member];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new AwsError(
      "InvalidParameterValue",
      `${member} must be a list of strings; received ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

export function filtersInput(input: Readonly<Record<string, unknown>>): Ec2Filter[] {
  const value = input.Filters;
  if (value === undefined) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (f) =>
        typeof f === "object" &&
        f !== null &&
        typeof f.Name === "string" &&
        Array.isArray(f.Values) &&
        f.Values.every((v: unknown) => typeof v === "string"),
    );
  if (!valid) {
    throw new AwsError(
      "InvalidParameterValue",
      `Filters must be a list of { Name: string, Values: string[] }; received ${JSON.stringify(value)}.`,
    );
  }
  return value as Ec2Filter[];
}
