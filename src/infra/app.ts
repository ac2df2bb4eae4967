import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { buildOrdersSystem } from "./systems/orders.js";
import { ordersConfigFromContext } from "./systems/orders-config.js";

/** Builds the CDK app with every reference system; cdk-nag AwsSolutions checks run at synth. */
export function buildApp(app: App = new App()): App {
  const config = ordersConfigFromContext((key) => app.node.tryGetContext(key));
  buildOrdersSystem(app, config);
  Tags.of(app).add("accountmesh:system", "orders");
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
