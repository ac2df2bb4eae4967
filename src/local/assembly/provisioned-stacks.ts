// Stacks provisioned so far: answers Fn::GetStackOutput and Fn::ImportValue across stacks and accounts.
import { AccountmeshError } from "../../shared/errors.js";
import { describeSite, type EvaluationSite, type StackOutputQuery } from "./symbol-lookup.js";
import type { CloudAssemblyModel, ProvisionedStack } from "./types.js";

interface ExportEntry {
  readonly value: string;
  readonly stack: string;
}

export class ProvisionedStacks {
  private readonly stacks: ProvisionedStack[] = [];
  private readonly exports = new Map<string, ExportEntry>();

  constructor(private readonly model: CloudAssemblyModel) {}

  add(stack: ProvisionedStack): void {
    const { artifact } = stack;
    for (const [name, output] of stack.outputs) {
      if (output.exportName === undefined) continue;
      const key = exportKey(artifact.account, artifact.region, output.exportName);
      const existing = this.exports.get(key);
      if (existing) {
        throw new AccountmeshError(
          "DUPLICATE_EXPORT",
          `Output ${artifact.id}/${name} exports "${output.exportName}", already exported by stack ${existing.stack} in account ${artifact.account} (${artifact.region}). Export names must be unique per account and region.`,
          { stack: artifact.id, output: name, exportName: output.exportName },
        );
      }
      this.exports.set(key, { value: output.value, stack: artifact.id });
    }
    this.stacks.push(stack);
  }

  all(): readonly ProvisionedStack[] {
    return [...this.stacks];
  }

  importValue(account: string, region: string, exportName: string, site: EvaluationSite): string {
    const entry = this.exports.get(exportKey(account, region, exportName));
    if (!entry) {
      throw new AccountmeshError(
        "MISSING_EXPORT",
        `Fn::ImportValue at ${describeSite(site)} asks for export "${exportName}", which no stack provisioned before it exports in account ${account} (${region}). Check the export name, or make the exporting stack a dependency.`,
        { stack: site.stack, element: site.element, path: site.path, exportName, account, region },
      );
    }
    return entry.value;
  }

  stackOutput(query: StackOutputQuery, site: EvaluationSite): string {
    const { stackName, account, region, outputName } = query;
    const matches = (s: { stackName: string; account: string; region: string }): boolean =>
      s.stackName === stackName && s.account === account && s.region === region;
    const details = { stack: site.stack, element: site.element, path: site.path, ...query };
    const asker = `Fn::GetStackOutput at ${describeSite(site)}`;
    const stack = this.stacks.find((s) => matches(s.artifact));
    if (!stack) {
      const later = this.model.stacks.find(matches);
      const problem = later
        ? `stack ${later.id} is not provisioned yet (it deploys later); add a dependency from ${site.stack} on ${later.id} (stack.addDependency).`
        : `the cloud assembly has no stack named ${stackName} in account ${account} (${region}).`;
      throw new AccountmeshError(
        "MISSING_OUTPUT",
        `${asker} asks for ${stackName}.${outputName}, but ${problem}`,
        details,
      );
    }
    const output = stack.outputs.get(outputName);
    if (!output) {
      const names = [...stack.outputs.keys()].join(", ") || "none";
      throw new AccountmeshError(
        "MISSING_OUTPUT",
        `${asker} asks for output ${outputName} of stack ${stackName} (account ${account}, ${region}), which has no such output (outputs: ${names}).`,
        details,
      );
    }
    return output.value;
  }
}

function exportKey(account: string, region: string, name: string): string {
  return `${account}\u0000${region}\u0000${name}`;
}
