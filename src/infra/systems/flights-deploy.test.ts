// The flights system and its pipeline in a deploy to AWS (buildApp with a deploy's context): which of
// them the deploy includes, what stops it, and the pipeline as deployed with real accounts.
import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { FAST_CONTEXT, synthApp } from "../../../test/support/synth.js";
import { buildApp } from "../app.js";
import { FLIGHTS_CONTEXT } from "./flights-config.js";
import { ORDERS_CONTEXT } from "./orders-config.js";

const cert = (account: string) =>
  `arn:aws:acm:eu-central-1:${account}:certificate/00000000-1234-1234-1234-123456789012`;
/** A deploy always takes orders: its accounts, domain and certificates (see orders-deploy.test.ts). */
const ORDERS = {
  [ORDERS_CONTEXT.consumerAccount]: "210987654321",
  [ORDERS_CONTEXT.account("food")]: "310987654321",
  [ORDERS_CONTEXT.account("beverage")]: "410987654321",
  [ORDERS_CONTEXT.domainName]: "orders.example.com",
  [ORDERS_CONTEXT.consumerCertificateArn]: cert("210987654321"),
  [ORDERS_CONTEXT.certificateArn("food")]: cert("310987654321"),
  [ORDERS_CONTEXT.certificateArn("beverage")]: cert("410987654321"),
};
const ACCOUNTS = {
  booking: "510987654321",
  airmiles: "610987654321",
  web: "710987654321",
  tools: "810987654321",
};
const FLIGHTS = {
  [FLIGHTS_CONTEXT.account("booking")]: ACCOUNTS.booking,
  [FLIGHTS_CONTEXT.account("airmiles")]: ACCOUNTS.airmiles,
  [FLIGHTS_CONTEXT.account("web")]: ACCOUNTS.web,
};
const CONNECTION = `arn:aws:codestar-connections:eu-central-1:${ACCOUNTS.tools}:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const SOURCE = { "flights:connectionArn": CONNECTION, "flights:repository": "example-org/flights" };
/** What the CDK CLI passes the app when the caller's credentials resolve a real account. */
const DEPLOYING = { CDK_DEFAULT_ACCOUNT: "210987654321" };

/** The app's top-level stack ids for a deploy with `context` (built, not synthesized: no templates). */
function stacksOfDeploy(context: Record<string, string>): string[] {
  const app = buildApp(new App({ context: { ...FAST_CONTEXT, ...context } }), DEPLOYING);
  return app.node.children.map((c) => c.node.id).filter((id) => id !== "Tree");
}

describe("a deploy of the flights system and its pipeline", () => {
  it("leaves the pipeline out when neither the tools account nor a source is given", () => {
    const stacks = stacksOfDeploy({ ...ORDERS, ...FLIGHTS });
    expect(stacks.filter((id) => id.startsWith("Flights"))).toEqual([
      "FlightsBooking",
      "FlightsAirmiles",
      "FlightsWeb",
    ]);
  });

  it("stops, naming the source keys, when the tools account is given without a connection", () => {
    expect(() =>
      stacksOfDeploy({ ...ORDERS, ...FLIGHTS, [FLIGHTS_CONTEXT.account("tools")]: ACCOUNTS.tools }),
    ).toThrow(
      /flights pipeline \(stack FlightsPipeline\), whose source is not given\. Set -c flights:connectionArn=<.*> -c flights:repository=</,
    );
  });

  it("stops, naming the tools account's key, when only a source is given", () => {
    expect(() => stacksOfDeploy({ ...ORDERS, ...FLIGHTS, ...SOURCE })).toThrow(
      /tools account is still the placeholder 777777777777\. Set accountmesh:flights:toolsAccount/,
    );
  });

  it("deploys the stage to the given accounts with their bootstrap roles, synthesizing again with the same context", () => {
    const context = { ...ORDERS, ...FLIGHTS, ...SOURCE, [FLIGHTS_CONTEXT.account("tools")]: ACCOUNTS.tools };
    const sys = synthApp(context, DEPLOYING);
    const pipeline = sys.artifact("FlightsPipeline");
    expect(pipeline.environment.account).toBe(ACCOUNTS.tools);
    const text = JSON.stringify(pipeline.template);
    expect(text).toContain(`"ConnectionArn":"${CONNECTION}"`);
    for (const account of [ACCOUNTS.booking, ACCOUNTS.airmiles, ACCOUNTS.web]) {
      expect(text).toContain(`:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-central-1`);
      expect(text).toContain(
        `:iam::${account}:role/cdk-hnb659fds-file-publishing-role-${account}-eu-central-1`,
      );
    }
    expect(text).not.toMatch(/(444444444444|555555555555|666666666666|777777777777)/);
    const stage = sys.assembly.getNestedAssembly("assembly-FlightsPipeline-Prod");
    expect(stage.stacks.map((s) => [s.stackName, s.environment.account])).toEqual([
      ["Prod-FlightsBooking", ACCOUNTS.booking],
      ["Prod-FlightsAirmiles", ACCOUNTS.airmiles],
      ["Prod-FlightsWeb", ACCOUNTS.web],
    ]);
    const resources = pipeline.template.Resources as Record<
      string,
      { Properties: { Source: { BuildSpec: string } } }
    >;
    const [synthId] = Object.keys(resources).filter((id) =>
      /^PipelineBuildSynthCdkBuildProject[0-9A-F]{8}$/.test(id),
    );
    const synth = JSON.parse(resources[synthId ?? ""]?.Properties.Source.BuildSpec ?? "{}");
    const command = synth.phases.build.commands[1] as string;
    for (const [key, value] of Object.entries(context)) expect(command).toContain(`-c '${key}=${value}'`);
    expect(command).toContain("-c 'accountmesh:target=aws'");
  }, 120_000);
});
