// EC2 Auto Scaling as the templates define it: instance profiles, launch templates (with the units
// their user data runs, planned by workloads/user-data-plan.ts) and groups with their capacity.
import type { UnitPlan } from "../../../workloads/user-data-plan.js";

export interface LaunchTemplate {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly imageId: string;
  readonly instanceType: string;
  /** The instance profile's role ARN, if any. */
  readonly roleArn: string | undefined;
  readonly units: readonly UnitPlan[];
}

export interface AutoScalingGroup {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly launchTemplateId: string;
  readonly minSize: number;
  readonly maxSize: number;
  desiredCapacity: number;
  readonly subnets: readonly string[];
  readonly targetGroupArns: readonly string[];
  /** `<account>/<stack>/<logical id>`. */
  readonly label: string;
}

export class AutoScalingState {
  /** Instance profile ARN (and name) → role ARN. */
  readonly profiles = new Map<string, string | undefined>();
  readonly launchTemplates = new Map<string, LaunchTemplate>();
  readonly groups = new Map<string, AutoScalingGroup>();

  group(account: string, region: string, name: string): AutoScalingGroup | undefined {
    return [...this.groups.values()].find(
      (g) => g.account === account && g.region === region && (g.name === name || g.arn === name),
    );
  }
}
