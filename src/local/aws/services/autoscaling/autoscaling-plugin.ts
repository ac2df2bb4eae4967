// EC2 instances of Auto Scaling groups as local processes, without booting an image: the units their
// launch template's user data starts (workloads/user-data-plan.ts) run as Node.js processes, as many
// instances as the desired capacity, registered with the group's target groups, each with an IMDSv2
// endpoint serving its instance profile role's credentials (the SDK's default chain works unchanged).
// Also AWS::IAM::InstanceProfile, which only instances use.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createAutoScalingProviders } from "./autoscaling-providers.js";
import { createAutoScalingService } from "./autoscaling-service.js";
import { AutoScalingState } from "./autoscaling-state.js";
import { Instances } from "./instances.js";

export const autoScalingPlugin: ServicePlugin = {
  name: "autoscaling",
  start(platform) {
    const state = new AutoScalingState();
    const instances = new Instances({
      state,
      network: platform.network,
      frontDoors: platform.frontDoors,
      credentials: platform.credentials,
      awsEndpointUrl: () => platform.awsEndpointUrl(),
      log: (line) => platform.log(line),
      logDir: platform.dataDir("autoscaling"),
    });
    return {
      providers: createAutoScalingProviders(state),
      api: createAutoScalingService({ authorizer: platform.authorizer, state, instances }),
      ready: () => instances.serveSlots(),
      endpoints: () => ({
        autoScalingGroups: Object.fromEntries(
          [...state.groups.values()].map((group) => [
            group.label,
            {
              name: group.name,
              desiredCapacity: group.desiredCapacity,
              instances: instances
                .instancesOf(group.name)
                .map((i) => ({ id: i.id, privateIp: i.privateIp, metadata: instances.metadataUrl(i) })),
            },
          ]),
        ),
      }),
      stop: () => instances.stopAll(),
    };
  },
};
