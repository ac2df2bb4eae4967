import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { EnvironmentReader } from "../shared/deploy-target.js";
import { buildOrdersSystem } from "./systems/orders.js";
import { ordersConfigFromContext } from "./systems/orders-config.js";

/**
 * Builds the CDK app with every reference system; cdk-nag AwsSolutions checks run at synth. `env`
 * (the process environment by default) tells a deploy to AWS from a local synth: a deploy with
 * settings that only work locally stops here, before CloudFormation sees anything.
 */
export function buildApp(app: App = new App(), env: EnvironmentReader = process.env): App {
  const config = ordersConfigFromContext((key) => app.node.tryGetContext(key), env);
  buildOrdersSystem(app, config);
  Tags.of(app).add("accountmesh:system", "orders");
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
