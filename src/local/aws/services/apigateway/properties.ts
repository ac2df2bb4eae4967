// Typed reads of resolved template properties. A wrong type is a template the runtime cannot honour:
// it fails with a coded error naming the resource and the property.
import { AccountmeshError } from "../../../../shared/errors.js";
import type { ResolvedResource } from "../../../assembly/types.js";

export function where(resource: ResolvedResource): string {
  return `${resource.stack.id}/${resource.logicalId}`;
}

function invalid(
  resource: ResolvedResource,
  name: string,
  expected: string,
  value: unknown,
): AccountmeshError {
  return new AccountmeshError(
    "API_GATEWAY_INVALID_PROPERTY",
    `${where(resource)} (${resource.type}): property ${name} must be ${expected}; received ${JSON.stringify(value)}.`,
    { where: where(resource), type: resource.type, property: name, value },
  );
}

export function requiredString(resource: ResolvedResource, name: string): string {
  const value = resource.properties[name];
  if (typeof value !== "string" || value === "") {
    throw invalid(resource, name, "a non-empty string", value);
  }
  return value;
}

export function optionalString(resource: ResolvedResource, name: string): string | undefined {
  const value = resource.properties[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string") {
    throw invalid(resource, name, "a string", value);
  }
  return value;
}

/** CloudFormation booleans may arrive as `true` or `"true"`. */
export function optionalBoolean(
  resource: ResolvedResource,
  name: string,
  value: unknown,
): boolean | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === "boolean") {
    return value;
  }
  if (value === "true" || value === "false") {
    return value === "true";
  }
  throw invalid(resource, name, "a boolean", value);
}

export function optionalRecord(
  resource: ResolvedResource,
  name: string,
  value: unknown,
): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(resource, name, "an object", value);
  }
  return value as Readonly<Record<string, unknown>>;
}

export function stringList(resource: ResolvedResource, name: string, value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(resource, name, "a list of strings", value);
  }
  return [...(value as string[])];
}

export function stringMap(resource: ResolvedResource, name: string, value: unknown): Record<string, string> {
  const record = optionalRecord(resource, name, value) ?? {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    if (typeof item !== "string") {
      throw invalid(resource, `${name}.${key}`, "a string", item);
    }
    out[key] = item;
  }
  return out;
}
