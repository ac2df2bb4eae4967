import type { App } from "aws-cdk-lib";
import { DOG_NAMES_PORT, DogNamesStack } from "../stacks/dog-names-stack.js";
import { GlobalApiStack } from "../stacks/global-api-stack.js";
import { TODO_PORT, TodoStack } from "../stacks/todo-stack.js";
import type { ProvidersSystemConfig } from "./providers-config.js";

export interface ProvidersSystem {
  readonly global: GlobalApiStack;
  readonly dogNames: DogNamesStack;
  readonly todo: TodoStack;
}

/**
 * The providers reference system (seed 003): a global HTTP API account reaching two provider accounts
 * over PrivateLink. The providers' endpoint service names reach the global stack as weak cross-account
 * references (`Fn::GetStackOutput`), so nothing is copied by hand and no export names collide; the
 * deploy order is providers first.
 */
export function buildProvidersSystem(app: App, config: ProvidersSystemConfig): ProvidersSystem {
  const common = { availabilityZones: config.availabilityZones };
  const dogNames = new DogNamesStack(app, "ProvidersDogNames", {
    ...common,
    env: { account: config.dogNamesAccount, region: config.region },
    description: "providers (seed 003): dog names on ECS Fargate behind an NLB and an endpoint service",
    globalAccount: config.globalAccount,
  });
  const todo = new TodoStack(app, "ProvidersTodo", {
    ...common,
    env: { account: config.todoAccount, region: config.region },
    description: "providers (seed 003): todo on EC2 Auto Scaling behind an NLB and an endpoint service",
    globalAccount: config.globalAccount,
  });
  const global = new GlobalApiStack(app, "ProvidersGlobal", {
    ...common,
    env: { account: config.globalAccount, region: config.region },
    description: "providers (seed 003): the global HTTP API, VPC link, internal ALBs and interface endpoints",
    providers: [
      {
        id: "DogNames",
        serviceName: dogNames.endpointService.serviceName,
        port: DOG_NAMES_PORT,
        healthCheckPath: "/dogs",
        paths: ["/dogs", "/dogs/males", "/dogs/females"],
      },
      {
        id: "Todo",
        serviceName: todo.endpointService.serviceName,
        port: TODO_PORT,
        healthCheckPath: "/todo",
        paths: ["/todo", "/todo/{todoId}"],
      },
    ],
  });
  // A cross-account weak reference records no stack dependency (aws-cdk-lib 2.276): say it.
  global.addStackDependency(dogNames, "reads the dog names endpoint service name (Fn::GetStackOutput)");
  global.addStackDependency(todo, "reads the todo endpoint service name (Fn::GetStackOutput)");
  return { global, dogNames, todo };
}
