// The stacks the local runtime deployed, as CloudFormation describes them: name, id (ARN), status,
// outputs and exports, per account and region. Filled once every stack is provisioned.
import { stackIdOf } from "../../../assembly/pseudo-parameters.js";
import type { ProvisionedStack } from "../../../assembly/types.js";

export interface StackOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly exportName?: string;
}

export interface DeployedStack {
  readonly stackName: string;
  /** `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` (the template's `AWS::StackId`). */
  readonly stackId: string;
  readonly account: string;
  readonly region: string;
  readonly description?: string;
  readonly creationTime: Date;
  readonly outputs: readonly StackOutput[];
}

export class CloudFormationStacks {
  private readonly stacks: DeployedStack[] = [];

  /** Records the provisioned stacks (in deploy order), all created at `now`. */
  record(provisioned: readonly ProvisionedStack[], now: Date): void {
    for (const { artifact, outputs } of provisioned) {
      const description = artifact.template.Description;
      this.stacks.push({
        stackName: artifact.stackName,
        stackId: stackIdOf(artifact),
        account: artifact.account,
        region: artifact.region,
        ...(typeof description === "string" ? { description } : {}),
        creationTime: now,
        outputs: [...outputs].map(([key, output]) => ({
          key,
          value: output.value,
          ...(output.description === undefined ? {} : { description: output.description }),
          ...(output.exportName === undefined ? {} : { exportName: output.exportName }),
        })),
      });
    }
  }

  /** endpoints.json's `stacks` section: `<account>/<stack name>` → where, id and outputs. */
  section(): Record<string, unknown> {
    const stacks: Record<string, unknown> = {};
    for (const s of this.stacks) {
      stacks[`${s.account}/${s.stackName}`] = {
        account: s.account,
        region: s.region,
        stackId: s.stackId,
        outputs: Object.fromEntries(s.outputs.map((o) => [o.key, o.value])),
      };
    }
    return stacks;
  }

  /** Stacks of one account and region, in deploy order. */
  inAccount(account: string, region: string): DeployedStack[] {
    return this.stacks.filter((s) => s.account === account && s.region === region);
  }

  /** A stack by name or stack id (ARN), in that account and region. */
  find(nameOrId: string, account: string, region: string): DeployedStack | undefined {
    return this.inAccount(account, region).find((s) => s.stackName === nameOrId || s.stackId === nameOrId);
  }
}
