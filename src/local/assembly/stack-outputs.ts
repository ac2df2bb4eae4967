// The Outputs section of a stack, evaluated once its resources exist.
import { AccountmeshError } from "../../shared/errors.js";
import { isRecord, show } from "./intrinsic-values.js";
import type { TemplateEvaluator } from "./intrinsics.js";
import type { EvaluationSite } from "./symbol-lookup.js";
import type { ProvisionedOutput, StackArtifact } from "./types.js";

/** Outputs whose Condition holds, with their values and export names evaluated. */
export function evaluateOutputs(
  stack: StackArtifact,
  evaluator: TemplateEvaluator,
): ReadonlyMap<string, ProvisionedOutput> {
  const outputs = new Map<string, ProvisionedOutput>();
  for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
    const at = (path: string): EvaluationSite => ({ stack: stack.id, element: `Outputs.${name}`, path });
    if (typeof output.Condition === "string" && !evaluator.condition(output.Condition, at("Condition")))
      continue;
    const value = outputString(evaluator.evaluate(output.Value, at("Value")), at("Value"));
    const exportName = isRecord(output.Export) ? output.Export.Name : undefined;
    outputs.set(
      name,
      Object.freeze({
        value,
        ...(exportName === undefined
          ? {}
          : {
              exportName: outputString(evaluator.evaluate(exportName, at("Export.Name")), at("Export.Name")),
            }),
        ...(typeof output.Description === "string" ? { description: output.Description } : {}),
      }),
    );
  }
  return outputs;
}

function outputString(value: unknown, site: EvaluationSite): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new AccountmeshError(
    "INVALID_OUTPUT",
    `${site.stack}/${site.element} ${site.path} evaluates to ${show(value)}; an output value must be a string.`,
    { stack: site.stack, element: site.element, path: site.path },
  );
}
