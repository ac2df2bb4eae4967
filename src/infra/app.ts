import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { EnvironmentReader } from "../shared/deploy-target.js";
import { buildDirectorySystem } from "./systems/directory.js";
import { directoryConfigFromContext } from "./systems/directory-config.js";
import { buildFlightsSystem } from "./systems/flights.js";
import { flightsConfigFromContext } from "./systems/flights-config.js";
import { buildOrdersSystem } from "./systems/orders.js";
import { ordersConfigFromContext } from "./systems/orders-config.js";
import { buildProvidersSystem } from "./systems/providers.js";
import { providersConfigFromContext } from "./systems/providers-config.js";

/**
 * Builds the CDK app with every reference system; cdk-nag AwsSolutions checks run at synth. `env`
 * (the process environment by default) tells a deploy to AWS from a local synth: a deploy with
 * settings that only work locally stops here, before CloudFormation sees anything.
 */
export function buildApp(app: App = new App(), env: EnvironmentReader = process.env): App {
  const read = (key: string) => app.node.tryGetContext(key);
  const orders = buildOrdersSystem(app, ordersConfigFromContext(read, env));
  for (const stack of [orders.consumer, ...orders.microservices])
    Tags.of(stack).add("accountmesh:system", "orders");
  const flights = buildFlightsSystem(app, flightsConfigFromContext(read, env));
  for (const stack of [flights.booking, flights.airmiles])
    Tags.of(stack).add("accountmesh:system", "flights");
  const directory = buildDirectorySystem(app, directoryConfigFromContext(read, env));
  for (const stack of [directory.shared, directory.clients.blue, directory.clients.green]) {
    Tags.of(stack).add("accountmesh:system", "directory");
  }
  const providers = buildProvidersSystem(app, providersConfigFromContext(read, env));
  for (const stack of [providers.global, providers.dogNames, providers.todo]) {
    Tags.of(stack).add("accountmesh:system", "providers");
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
