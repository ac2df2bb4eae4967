import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { deployTargetOf, type EnvironmentReader } from "../shared/deploy-target.js";
import { buildDirectorySystem } from "./systems/directory.js";
import { DIRECTORY_CONTEXT, directoryConfigFromContext } from "./systems/directory-config.js";
import { buildFlightsPipeline, buildFlightsSystem } from "./systems/flights.js";
import { FLIGHTS_CONTEXT, FLIGHTS_ROLES, flightsConfigFromContext } from "./systems/flights-config.js";
import {
  PIPELINE_CONTEXT,
  pipelineSourceFromContext,
  pipelineSynthContext,
} from "./systems/flights-pipeline-config.js";
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
  const deploying = deployTargetOf(read, env).kind === "aws";
  const includes = (what: string, keys: readonly string[]) =>
    !deploying || includedInDeploy(what, keys, read);
  const pipelineKeys = [FLIGHTS_CONTEXT.account("tools"), ...Object.values(PIPELINE_CONTEXT)];
  const flightsKeys = [...FLIGHTS_ROLES.map((role) => FLIGHTS_CONTEXT.account(role)), ...pipelineKeys];
  if (includes("flights system", flightsKeys)) {
    const config = flightsConfigFromContext(read, env);
    const flights = buildFlightsSystem(app, config);
    for (const stack of [flights.booking, flights.airmiles, flights.web]) {
      Tags.of(stack).add("accountmesh:system", "flights");
    }
    // The tools account's pipeline deploys the same three stacks as its stage `Prod` (a nested cloud
    // assembly, which the local runtime lists and does not run).
    if (includes("flights pipeline", pipelineKeys)) {
      buildFlightsPipeline(
        app,
        config,
        pipelineSourceFromContext(read, config),
        pipelineSynthContext(app.node.getAllContext()),
      );
    }
  }
  const directoryKeys = [
    DIRECTORY_CONTEXT.sharedServicesAccount,
    DIRECTORY_CONTEXT.account("blue"),
    DIRECTORY_CONTEXT.account("green"),
  ];
  if (includes("directory system", directoryKeys)) {
    const directory = buildDirectorySystem(app, directoryConfigFromContext(read, env));
    for (const stack of [directory.shared, directory.clients.blue, directory.clients.green]) {
      Tags.of(stack).add("accountmesh:system", "directory");
    }
  }
  const providersKeys = [
    PROVIDERS_CONTEXT.globalAccount,
    PROVIDERS_CONTEXT.dogNamesAccount,
    PROVIDERS_CONTEXT.todoAccount,
  ];
  if (includes("providers system", providersKeys)) {
    const providers = buildProvidersSystem(app, providersConfigFromContext(read, env));
    for (const stack of [providers.global, providers.dogNames, providers.todo]) {
      Tags.of(stack).add("accountmesh:system", "providers");
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/**
 * Locally every reference system is in the app, the flights pipeline too. A deploy to AWS takes
 * orders, and each other system only when one of its keys is given by context (e.g.
 * `accountmesh:flights:bookingAccount`): deploying orders to real accounts does not need the other
 * systems' accounts, and a system deployed with placeholder accounts is still refused by its
 * configuration. The flights pipeline joins a flights deploy only when its tools account or its source
 * (`flights:connectionArn`, ...) is given; then it needs both, or the synth stops naming the key.
 */
function includedInDeploy(what: string, keys: readonly string[], read: (key: string) => unknown): boolean {
  const given = keys.some((key) => read(key) !== undefined);
  if (!given) {
    console.error(
      `accountmesh: the ${what} is left out of this deploy (set ${keys.join(", ")} to deploy it).`,
    );
  }
  return given;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
