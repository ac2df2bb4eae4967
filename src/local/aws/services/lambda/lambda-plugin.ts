// Lambda: functions run by the platform's Lambda host from their cdk.out bundles (Node.js, Python and
// custom runtimes; layers), their resource policies (AWS::Lambda::Permission), function URLs
// (AWS::Lambda::Url, a public front door), and the Lambda API — Invoke, GetFunction(Configuration),
// UpdateFunctionConfiguration, GetPolicy, AddPermission, RemovePermission, GetFunctionUrlConfig — on
// the local AWS endpoint (REST-JSON) and in-process (API Gateway's integrations).
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { AsyncInvocations } from "./async-invocations.js";
import { EventSourceMappings } from "./event-source-mappings.js";
import { createFunctionOperations } from "./function-operations.js";
import { createFunctionUrlDoor } from "./function-url-door.js";
import { createInvokeOperation } from "./invoke.js";
import { LambdaPermissions } from "./lambda-permissions.js";
import { createLambdaProviders } from "./lambda-providers.js";
import { LambdaState } from "./lambda-state.js";
import { LAMBDA_ROUTES, lambdaWireHandler } from "./lambda-wire.js";
import { createListFunctionsOperation } from "./list-functions.js";
import { createPolicyOperations } from "./policy-operations.js";

const URL_HOST = /^[a-z0-9]{32}\.lambda-url\.([a-z0-9-]+)\.on\.aws$/;

export const lambdaPlugin: ServicePlugin = {
  name: "lambda",
  start(platform) {
    const permissions = new LambdaPermissions();
    const state = new LambdaState();
    const host = platform.lambda;
    const scale = Number(process.env.ACCOUNTMESH_LAMBDA_ASYNC_TIME_SCALE ?? 1 / 60);
    const async = new AsyncInvocations({
      host,
      aws: platform.aws,
      log: (line) => platform.log(line),
      timeScale: Number.isFinite(scale) && scale > 0 ? scale : 1 / 60,
      ...(platform.inMemory ? {} : { dir: platform.dataDir("lambda") }),
    });
    const mappings = new EventSourceMappings(
      { host, aws: platform.aws, log: (line) => platform.log(line), timeScale: async.timeScale },
      platform.inMemory ? undefined : platform.dataDir("lambda"),
    );
    const deps = { host, permissions, authorizer: platform.authorizer, state, async };
    const operations = {
      Invoke: createInvokeOperation(deps),
      ListFunctions: createListFunctionsOperation(deps),
      ...createFunctionOperations(deps),
      ...createPolicyOperations(deps),
    };
    const regions = [...new Set(platform.model.stacks.map((stack) => stack.region))];
    platform.frontDoors.servePublic({
      name: "Lambda function URLs",
      matches: (host) => URL_HOST.test(host) && state.urlByHost(host) !== undefined,
      port: 443,
      tlsNames: regions.map((region) => `*.lambda-url.${region}.on.aws`),
      handler: createFunctionUrlDoor({
        state,
        host,
        permissions,
        authorizer: platform.authorizer,
        callers: platform.callers,
        onServerError: platform.onServerError,
      }),
    });
    return {
      providers: createLambdaProviders({
        host,
        permissions,
        state,
        report: (feature) => platform.report(feature),
        vpcOfSubnet: (id) => platform.network.subnets.get(id)?.vpcId,
        async,
        mappings,
      }),
      inertTypes: {
        "AWS::Lambda::LayerVersionPermission": "every local function may use every layer of the assembly",
      },
      api: {
        signingName: "lambda",
        protocol: { kind: "rest-json" },
        operations,
        implemented: LAMBDA_ROUTES.map((route) => route.operation),
        routes: LAMBDA_ROUTES,
        handle: lambdaWireHandler(operations),
      },
      ready() {
        async.resume();
        mappings.start();
        for (const support of [...state.runtimes.values()].sort((a, b) =>
          a.runtime.localeCompare(b.runtime),
        )) {
          const mark =
            support.status === "unavailable"
              ? "cannot run"
              : support.status === "note"
                ? "runs (note)"
                : "runs";
          platform.log(`Lambda ${support.runtime} ${mark}: ${support.text}`);
        }
      },
      async stop() {
        async.stop();
        await mappings.stop();
      },
      endpoints: () =>
        state.urls().length === 0
          ? {}
          : {
              functionUrls: Object.fromEntries(
                state.urls().map((url) => [`${url.account}/${url.functionArn.split(":").pop()}`, url.url]),
              ),
            },
    };
  },
};
