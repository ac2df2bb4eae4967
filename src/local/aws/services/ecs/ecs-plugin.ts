// ECS: clusters, task definitions and services from the templates, their tasks run as local Node.js
// processes (one per container, as many tasks as the desired count) without Docker, registered with
// their load balancers' target groups; the task role's credentials come from a container credentials
// endpoint on a loopback port, so the SDK's default credential chain works unchanged inside.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createEcsProviders } from "./ecs-providers.js";
import { createEcsService } from "./ecs-service.js";
import { EcsState } from "./ecs-state.js";
import { EcsTasks } from "./ecs-tasks.js";

export const ecsPlugin: ServicePlugin = {
  name: "ecs",
  start(platform) {
    const state = new EcsState();
    const tasks = new EcsTasks({
      state,
      network: platform.network,
      frontDoors: platform.frontDoors,
      credentials: platform.credentials,
      awsEndpointUrl: () => platform.awsEndpointUrl(),
      log: (line) => platform.log(line),
      logDir: platform.dataDir("ecs"),
    });
    let credentialsUrl: string | undefined;
    return {
      providers: createEcsProviders(state),
      api: createEcsService({ authorizer: platform.authorizer, state, tasks }),
      ready() {
        if (state.services.size === 0) return;
        platform.frontDoors.serveLoopback({
          label: "ECS container credentials endpoint",
          handler: tasks.credentialsEndpoint,
          listening: async (url) => {
            credentialsUrl = url;
            await tasks.listening(url);
          },
        });
      },
      endpoints: () => ({
        ecsServices: Object.fromEntries(
          [...state.services.values()].map((service) => [
            service.label,
            {
              arn: service.arn,
              desiredCount: service.desiredCount,
              tasks: tasks.tasksOf(service.arn).map((task) => ({ arn: task.arn, privateIp: task.privateIp })),
            },
          ]),
        ),
        ...(credentialsUrl === undefined ? {} : { ecsCredentialsEndpoint: credentialsUrl }),
      }),
      stop: () => tasks.stopAll(),
    };
  },
};
