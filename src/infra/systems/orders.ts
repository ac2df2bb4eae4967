import type { App } from "aws-cdk-lib";
import { ConsumerStack } from "../stacks/consumer-stack.js";
import { MicroserviceStack } from "../stacks/microservice-stack.js";
import type { OrdersSystemConfig } from "./orders-config.js";

export interface OrdersSystem {
  readonly consumer: ConsumerStack;
  readonly microservices: readonly MicroserviceStack[];
}

/** Stack id of a microservice, e.g. `OrdersFood`. */
export function microserviceStackId(name: string): string {
  return `Orders${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * The orders reference system (seeds 000/001): one consumer account and one account per
 * microservice. The consumer's endpoint id reaches each microservice stack as a weak
 * cross-account reference (`Fn::GetStackOutput`), so the deploy order is consumer first.
 */
export function buildOrdersSystem(app: App, config: OrdersSystemConfig): OrdersSystem {
  const common = { availabilityZones: config.availabilityZones };
  const consumer = new ConsumerStack(app, "OrdersConsumer", {
    ...common,
    env: { account: config.consumerAccount, region: config.region },
    description: `${config.applicationName}: consumer hub (internal ALB, execute-api endpoint, private zone)`,
    applicationName: config.applicationName,
    domainName: config.domainName,
    microservices: config.microservices,
    certificateArn: config.consumerCertificateArn,
  });
  const microservices = config.microservices.map(
    (m) =>
      new MicroserviceStack(app, microserviceStackId(m.name), {
        ...common,
        env: { account: m.account, region: config.region },
        description: `${config.applicationName}: ${m.name} microservice (private REST API, functions, table)`,
        microservice: {
          name: m.name,
          applicationName: config.applicationName,
          orderOptions: m.orderOptions,
          domainName: config.domainName,
          consumerEndpointId: consumer.endpoint.endpoint.vpcEndpointId,
          certificateArn: m.certificateArn,
        },
      }),
  );
  for (const stack of microservices) {
    // A cross-account weak reference (Fn::GetStackOutput) records no stack dependency in the
    // cloud assembly (aws-cdk-lib 2.276), so `cdk deploy --all` would not know the order.
    stack.addStackDependency(consumer, "reads the consumer's execute-api endpoint id (Fn::GetStackOutput)");
  }
  return { consumer, microservices };
}
