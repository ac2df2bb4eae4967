import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { deployTargetOf, type EnvironmentReader } from "../shared/deploy-target.js";
import { buildOrdersSystem } from "./systems/orders.js";
import { ordersConfigFromContext } from "./systems/orders-config.js";
import { buildProvidersSystem } from "./systems/providers.js";
import { PROVIDERS_CONTEXT, providersConfigFromContext } from "./systems/providers-config.js";

/**
 * Builds the CDK app with every reference system; cdk-nag AwsSolutions checks run at synth. `env`
 * (the process environment by default) tells a deploy to AWS from a local synth: a deploy with
 * settings that only work locally stops here, before CloudFormation sees anything.
 */
export function buildApp(app: App = new App(), env: EnvironmentReader = process.env): App {
  const read = (key: string) => app.node.tryGetContext(key);
  const orders = buildOrdersSystem(app, ordersConfigFromContext(read, env));
  for (const stack of [orders.consumer, ...orders.microservices]) {
    Tags.of(stack).add("accountmesh:system", "orders");
  }
  if (includesProviders(read, env)) {
    const providers = buildProvidersSystem(app, providersConfigFromContext(read, env));
    for (const stack of [providers.global, providers.dogNames, providers.todo]) {
      Tags.of(stack).add("accountmesh:system", "providers");
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/**
 * Locally every reference system is in the app. A deploy to AWS takes the providers system only when
 * its accounts are given (`accountmesh:providers:*Account` context): deploying orders to real accounts
 * does not need the providers' accounts, and a providers deploy with placeholders is still refused.
 */
function includesProviders(read: (key: string) => unknown, env: EnvironmentReader): boolean {
  if (deployTargetOf(read, env).kind === "local") return true;
  const accounts = [
    PROVIDERS_CONTEXT.globalAccount,
    PROVIDERS_CONTEXT.dogNamesAccount,
    PROVIDERS_CONTEXT.todoAccount,
  ];
  const given = accounts.some((key) => read(key) !== undefined);
  if (!given) {
    console.error(
      `accountmesh: the providers system is left out of this deploy (set ${accounts.join(", ")} to deploy it).`,
    );
  }
  return given;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
