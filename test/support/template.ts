import type { Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";

export type Json = Record<string, unknown>;
export type Resource = { Type: string; Properties?: Json };

/** A resource's Properties, `{}` when it has none. */
export const props = (r: Resource): Json => r.Properties ?? {};

/** `[logicalId, resource]` pairs of a template, optionally of one type. */
export function resources(t: Template, type?: string): [string, Resource][] {
  const all = Object.entries(t.toJSON().Resources as Record<string, Resource>);
  return type === undefined ? all : all.filter(([, r]) => r.Type === type);
}

/** The single resource of a type (whose logical id starts with `prefix`, if given); fails otherwise. */
export function only(t: Template, type: string, prefix = ""): [string, Resource] {
  const list = resources(t, type).filter(([id]) => id.startsWith(prefix));
  expect(list, `exactly one ${type} ${prefix}*`).toHaveLength(1);
  return list[0] as [string, Resource];
}
