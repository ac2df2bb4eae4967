// What the intrinsic evaluator asks of the provisioning state: values of resources, exports and
// other stacks' outputs. Every question carries the site that asked, so errors can name it.

/** Where a value is evaluated: `<stack>/<element> <path>`, element being a logical id or `Outputs.<name>`. */
export interface EvaluationSite {
  readonly stack: string;
  readonly element: string;
  readonly path: string;
}

export function describeSite(site: EvaluationSite): string {
  return site.path === "" ? `${site.stack}/${site.element}` : `${site.stack}/${site.element} ${site.path}`;
}

export interface StackOutputQuery {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly outputName: string;
}

export interface SymbolLookup {
  /** Ref of a resource of the stack being evaluated (the template declares it). */
  resourceRef(logicalId: string, site: EvaluationSite): string;
  /** Fn::GetAtt of a resource of the stack being evaluated; fails with MISSING_ATTRIBUTE. */
  resourceAttribute(logicalId: string, attribute: string, site: EvaluationSite): unknown;
  /** Fn::ImportValue: an export of a stack in the same account and region; fails with MISSING_EXPORT. */
  importValue(exportName: string, site: EvaluationSite): string;
  /** Fn::GetStackOutput: an output of an already-provisioned stack; fails with MISSING_OUTPUT. */
  stackOutput(query: StackOutputQuery, site: EvaluationSite): string;
}
