// The symbol table of one stack being provisioned: Ref values and attributes of its resources.
import { AccountmeshError } from "../../shared/errors.js";
import { type Placeholder, placeholderAttribute, placeholderResource } from "./placeholder-attributes.js";
import type { ProvisionedStacks } from "./provisioned-stacks.js";
import {
  describeSite,
  type EvaluationSite,
  type StackOutputQuery,
  type SymbolLookup,
} from "./symbol-lookup.js";
import type { ProvisionedResource, StackArtifact } from "./types.js";

export class StackSymbols implements SymbolLookup {
  private readonly resources = new Map<string, ProvisionedResource>();
  private readonly skipped = new Set<string>();
  /** Resources not created locally: their placeholder and the name it was built from. */
  private readonly stubs = new Map<string, { placeholder: Placeholder; name: string | undefined }>();

  constructor(
    private readonly stack: StackArtifact,
    private readonly others: ProvisionedStacks,
  ) {}

  /** Resources whose Condition is false: references to them fail with SKIPPED_RESOURCE. */
  skip(logicalIds: readonly string[]): void {
    for (const id of logicalIds) this.skipped.add(id);
  }

  set(resource: ProvisionedResource): void {
    this.resources.set(resource.logicalId, resource);
  }

  /**
   * Records a resource the runtime does not create (`inert` or `unsupported`) with placeholder values
   * in AWS's formats; `name` is the physical name the template gives, if any. Returns the placeholder.
   */
  stub(
    logicalId: string,
    type: string,
    status: "inert" | "unsupported",
    name: string | undefined,
  ): Placeholder {
    const placeholder = placeholderResource({
      stack: this.stack,
      logicalId,
      type,
      ...(name === undefined ? {} : { name }),
    });
    this.stubs.set(logicalId, { placeholder, name });
    this.set({ logicalId, type, ref: placeholder.ref, attributes: placeholder.attributes, status });
    return placeholder;
  }

  provisioned(): ReadonlyMap<string, ProvisionedResource> {
    return new Map(this.resources);
  }

  resourceRef(logicalId: string, site: EvaluationSite): string {
    return this.resource(logicalId, "Ref", site).ref;
  }

  resourceAttribute(logicalId: string, attribute: string, site: EvaluationSite): unknown {
    const resource = this.resource(logicalId, "Fn::GetAtt", site);
    const details = { stack: site.stack, element: site.element, path: site.path, logicalId, attribute };
    const asked = `Fn::GetAtt ${logicalId}.${attribute} at ${describeSite(site)}`;
    const stub = this.stubs.get(logicalId);
    if (stub !== undefined) {
      const { name } = stub;
      const where = {
        stack: this.stack,
        logicalId,
        type: resource.type,
        ...(name === undefined ? {} : { name }),
      };
      return placeholderAttribute(where, stub.placeholder, attribute);
    }
    if (!Object.hasOwn(resource.attributes, attribute)) {
      const known = Object.keys(resource.attributes).join(", ") || "none";
      throw new AccountmeshError(
        "MISSING_ATTRIBUTE",
        `${asked}: the ${resource.type} provider returned no attribute ${attribute} for ${logicalId} (attributes: ${known}).`,
        details,
      );
    }
    return resource.attributes[attribute];
  }

  importValue(exportName: string, site: EvaluationSite): string {
    return this.others.importValue(this.stack.account, this.stack.region, exportName, site);
  }

  stackOutput(query: StackOutputQuery, site: EvaluationSite): string {
    return this.others.stackOutput(query, site);
  }

  private resource(logicalId: string, intrinsic: string, site: EvaluationSite): ProvisionedResource {
    const resource = this.resources.get(logicalId);
    if (resource) return resource;
    const problem = this.skipped.has(logicalId)
      ? `its Condition is false, so it is not created; guard this reference with Fn::If on the same condition.`
      : `it is not provisioned yet (a dependency the template does not declare).`;
    throw new AccountmeshError(
      this.skipped.has(logicalId) ? "SKIPPED_RESOURCE" : "MISSING_RESOURCE",
      `${intrinsic} ${logicalId} at ${describeSite(site)}: ${problem}`,
      { stack: site.stack, element: site.element, path: site.path, logicalId },
    );
  }
}
