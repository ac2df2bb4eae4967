// Static reading of template values: which resources a value refers to, which intrinsics it uses.
import { intrinsicName, isRecord } from "./intrinsic-values.js";
import { parseSubTemplate } from "./sub-template.js";

export interface ValueScan {
  /** Logical ids (among `resourceIds`) referenced by Ref, Fn::GetAtt or Fn::Sub. */
  readonly references: ReadonlySet<string>;
  /** Every intrinsic function name used. */
  readonly intrinsics: ReadonlySet<string>;
}

export function scanValue(value: unknown, resourceIds: ReadonlySet<string>): ValueScan {
  const references = new Set<string>();
  const intrinsics = new Set<string>();
  const refer = (name: unknown): void => {
    if (typeof name === "string" && resourceIds.has(name)) references.add(name);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    const name = intrinsicName(node);
    const argument = name === undefined ? undefined : node[name];
    if (name !== undefined) intrinsics.add(name);
    if (name === "Ref") refer(argument);
    if (name === "Fn::GetAtt") {
      refer(
        typeof argument === "string"
          ? argument.split(".")[0]
          : Array.isArray(argument)
            ? argument[0]
            : undefined,
      );
    }
    if (name === "Fn::Sub") {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof template === "string") {
        for (const part of parseSubTemplate(template)) {
          const local =
            part.kind === "reference" &&
            part.attribute === undefined &&
            isRecord(variables) &&
            part.name in variables;
          if (part.kind === "reference" && !local) refer(part.name);
        }
      }
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return { references, intrinsics };
}
