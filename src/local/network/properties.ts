// Reading resolved resource properties with errors that name the resource and property.
import { AccountmeshError } from "../../shared/errors.js";
import type { ResolvedResource } from "../assembly/types.js";

function where(resource: ResolvedResource, property: string): string {
  return `${resource.stack.stackName}/${resource.logicalId} (${resource.type}).${property}`;
}

export function requireString(resource: ResolvedResource, property: string): string {
  const value = resource.properties[property];
  if (typeof value === "string" && value !== "") {
    return value;
  }
  if (typeof value === "number") {
    return String(value);
  }
  throw new AccountmeshError(
    "RESOURCE_PROPERTY_INVALID",
    `${where(resource, property)} must be a non-empty string; received ${JSON.stringify(value)}.`,
    { stack: resource.stack.stackName, logicalId: resource.logicalId, property },
  );
}

export function optionalString(resource: ResolvedResource, property: string): string | undefined {
  return resource.properties[property] === undefined ? undefined : requireString(resource, property);
}

export function stringList(resource: ResolvedResource, property: string): string[] {
  const value = resource.properties[property];
  if (value === undefined) {
    return [];
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return value as string[];
  }
  throw new AccountmeshError(
    "RESOURCE_PROPERTY_INVALID",
    `${where(resource, property)} must be a list of strings; received ${JSON.stringify(value)}.`,
    { stack: resource.stack.stackName, logicalId: resource.logicalId, property },
  );
}

export function optionalNumber(resource: ResolvedResource, property: string): number | undefined {
  const value = resource.properties[property];
  if (value === undefined) {
    return undefined;
  }
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) {
    throw new AccountmeshError(
      "RESOURCE_PROPERTY_INVALID",
      `${where(resource, property)} must be a number; received ${JSON.stringify(value)}.`,
      { stack: resource.stack.stackName, logicalId: resource.logicalId, property },
    );
  }
  return n;
}
