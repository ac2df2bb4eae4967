import type { App } from "aws-cdk-lib";
import { DirectoryClientStack } from "../stacks/directory-client-stack.js";
import { DirectorySharedStack } from "../stacks/directory-shared-stack.js";
import { COLOURS, type Colour, type DirectorySystemConfig } from "./directory-config.js";

export interface DirectorySystem {
  readonly shared: DirectorySharedStack;
  readonly clients: Readonly<Record<Colour, DirectoryClientStack>>;
}

/** Stack id of a client account, e.g. `DirectoryBlue`. */
export function directoryClientStackId(colour: Colour): string {
  return `Directory${colour.charAt(0).toUpperCase()}${colour.slice(1)}`;
}

/**
 * The directory reference system (seed 004): the shared services account and one account per
 * colour. The network ARNs, the service's DNS name and ARN reach the client stacks as weak
 * cross-account references (`Fn::GetStackOutput`), where the seed copies them by hand.
 */
export function buildDirectorySystem(app: App, config: DirectorySystemConfig): DirectorySystem {
  const common = { availabilityZones: config.availabilityZones };
  const shared = new DirectorySharedStack(app, "DirectoryShared", {
    ...common,
    env: { account: config.sharedServicesAccount, region: config.region },
    description:
      "directory (seed 004): shared services — service networks, directory service, local peer VPCs",
    accounts: config.accounts,
  });
  const client = (colour: Colour) => {
    const stack = new DirectoryClientStack(app, directoryClientStackId(colour), {
      ...common,
      env: { account: config.accounts[colour], region: config.region },
      description: `directory (seed 004): ${colour} client account`,
      colour,
      serviceNetworkArn: shared.networks[colour].networkArn,
      serviceDomainName: shared.service.domainName,
      serviceArn: shared.service.serviceArn,
      sharedServicesAccount: config.sharedServicesAccount,
      signedClients: colour === "blue",
    });
    // Weak references record no stack dependency (see orders.ts): the deploy order is stated here.
    stack.addStackDependency(
      shared,
      "reads the shared service network and the service's DNS name (Fn::GetStackOutput)",
    );
    return stack;
  };
  const [blue, green] = COLOURS.map(client);
  if (blue === undefined || green === undefined) throw new Error("unreachable: two colours");
  return { shared, clients: { blue, green } };
}
