// Questions about the templates that modules outside the assembly ask (so that none of them reads
// raw template JSON): which custom resources a provider function serves, which resources carry a
// metadata entry.
import type { CloudAssemblyModel, StackArtifact } from "./types.js";

/** A `Custom::*` resource and the logical id of the function its ServiceToken names (Fn::GetAtt), if any. */
export interface CustomResourceUse {
  readonly stack: StackArtifact;
  readonly logicalId: string;
  readonly type: string;
  /** Logical id of the provider function (`Fn::GetAtt [<id>, Arn]`); undefined for other tokens. */
  readonly serviceTokenFunction: string | undefined;
}

export function customResources(model: CloudAssemblyModel): readonly CustomResourceUse[] {
  const uses: CustomResourceUse[] = [];
  for (const stack of model.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
      if (!resource.Type.startsWith("Custom::") && resource.Type !== "AWS::CloudFormation::CustomResource") {
        continue;
      }
      const token = resource.Properties?.ServiceToken as { "Fn::GetAtt"?: unknown } | undefined;
      const target = Array.isArray(token?.["Fn::GetAtt"]) ? String(token["Fn::GetAtt"][0]) : undefined;
      uses.push({ stack, logicalId, type: resource.Type, serviceTokenFunction: target });
    }
  }
  return uses;
}

/** Every resource of the stack whose template Metadata has `key`, with that entry's value. */
export function resourcesWithMetadata(
  stack: StackArtifact,
  key: string,
): readonly { readonly logicalId: string; readonly value: unknown }[] {
  return Object.entries(stack.template.Resources)
    .filter(([, resource]) => resource.Metadata?.[key] !== undefined)
    .map(([logicalId, resource]) => ({ logicalId, value: resource.Metadata?.[key] }));
}
