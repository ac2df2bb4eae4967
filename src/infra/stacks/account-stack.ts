import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";

export interface AccountStackProps extends StackProps {
  /** Availability zones to use; given explicitly so synth never looks them up. */
  readonly availabilityZones: readonly string[];
}

/**
 * Base for every stack of ours: one account, one region, fixed availability zones
 * (ec2.Vpc would otherwise try a context lookup, which breaks offline synth).
 */
export class AccountStack extends Stack {
  readonly #availabilityZones: string[];

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id, props);
    this.#availabilityZones = [...props.availabilityZones];
  }

  override get availabilityZones(): string[] {
    return this.#availabilityZones;
  }
}
