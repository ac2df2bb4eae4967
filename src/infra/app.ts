import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { EnvironmentReader } from "../shared/deploy-target.js";
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
  const config = ordersConfigFromContext((key) => app.node.tryGetContext(key), env);
  const orders = buildOrdersSystem(app, config);
  for (const stack of [orders.consumer, ...orders.microservices])
    Tags.of(stack).add("accountmesh:system", "orders");
  const providers = buildProvidersSystem(
    app,
    providersConfigFromContext((key) => app.node.tryGetContext(key), env),
  );
  for (const stack of [providers.global, providers.dogNames, providers.todo]) {
    Tags.of(stack).add("accountmesh:system", "providers");
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
