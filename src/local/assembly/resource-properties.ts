// Reading resolved resource properties (for resource providers), with errors that name the
// resource and the property.
import { AccountmeshError } from "../../shared/errors.js";
import { stableId } from "../../shared/ids.js";
import type { ResolvedResource } from "./types.js";

/** `<account>/<stack name>/<logical id>`: a resource named the way endpoints.json and messages name it. */
export function resourceLabel(resource: ResolvedResource): string {
  return `${resource.stack.account}/${resource.stack.stackName}/${resource.logicalId}`;
}

/**
 * What a provider throws for a resource it recognises but cannot run locally (a function whose
 * runtime is not Node.js): the runtime then creates it as a placeholder, with Ref and attributes in
 * AWS's formats, and reports `reason`, instead of refusing the whole assembly. `reason` says what in
 * the template and what would make it run.
 */
export function notRunnableLocally(
  resource: ResolvedResource,
  code: string,
  reason: string,
  details: Record<string, unknown> = {},
): AccountmeshError {
  return new AccountmeshError(code, reason, {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    ...details,
    notRunnableLocally: true,
  });
}

/** True for the error `notRunnableLocally` makes. */
export function isNotRunnableLocally(error: unknown): error is AccountmeshError {
  return error instanceof AccountmeshError && error.details.notRunnableLocally === true;
}

export function where(resource: ResolvedResource, property: string): string {
  return `${resource.stack.stackName}/${resource.logicalId} (${resource.type}).${property}`;
}

export function invalid(
  resource: ResolvedResource,
  property: string,
  expected: string,
  value: unknown,
): AccountmeshError {
  return new AccountmeshError(
    "RESOURCE_PROPERTY_INVALID",
    `${where(resource, property)} must be ${expected}; received ${JSON.stringify(value)}.`,
    { stack: resource.stack.stackName, logicalId: resource.logicalId, property },
  );
}

export function text(
  resource: ResolvedResource,
  record: Readonly<Record<string, unknown>>,
  key: string,
  path: string,
) {
  const value = record[key];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value === "") {
    throw invalid(resource, path, "a non-empty string", value);
  }
  return value;
}

export function requiredText(resource: ResolvedResource, key: string): string {
  const value = text(resource, resource.properties, key, key);
  if (value === undefined) {
    throw invalid(resource, key, "a non-empty string", value);
  }
  return value;
}

export function wholeNumber(resource: ResolvedResource, key: string): number | undefined {
  const value = resource.properties[key];
  if (value === undefined) {
    return undefined;
  }
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw invalid(resource, key, "a whole number", value);
  }
  return n;
}

export function record(resource: ResolvedResource, key: string): Readonly<Record<string, unknown>> {
  const value = resource.properties[key];
  if (value === undefined) {
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(resource, key, "an object", value);
  }
  return value as Record<string, unknown>;
}

export function optionalText(resource: ResolvedResource, key: string): string | undefined {
  return text(resource, resource.properties, key, key);
}

export function textList(resource: ResolvedResource, key: string): string[] {
  const value = resource.properties[key];
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(resource, key, "a list of strings", value);
  }
  return [...(value as string[])];
}

/**
 * The physical name CloudFormation generates when a template gives none: `<stack>-<logicalId>-<12
 * characters>`, at most `max` characters, lower-cased where the service wants it (S3).
 */
export function generatedName(resource: ResolvedResource, max: number, lower: boolean): string {
  const base = `${resource.stack.stackName}-${resource.logicalId}`.slice(0, max - 13);
  const name = `${base}-${stableId([resource.stack.account, base], 12, "alnum")}`;
  return lower ? name.toLowerCase() : name;
}
