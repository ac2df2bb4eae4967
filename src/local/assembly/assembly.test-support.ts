// Shared by the provisioning tests: small stacks and models, and the coded error a promise rejects with.
import { isAccountmeshError } from "../../shared/errors.js";
import type { CloudAssemblyModel, StackArtifact, Template } from "./types.js";

export function stackOf(
  id: string,
  account: string,
  template: Template,
  dependencies: string[] = [],
): StackArtifact {
  return { id, stackName: id, account, region: "eu-central-1", template, dependencies, assets: new Map() };
}

export function modelOf(...stacks: StackArtifact[]): CloudAssemblyModel {
  return { dir: "/nowhere", stacks };
}

export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: object }> {
  try {
    await promise;
  } catch (error) {
    if (isAccountmeshError(error)) return error;
    throw error;
  }
  throw new Error("expected an AccountmeshError");
}
